package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"reflect"
)

// SQLite parses and plans a statement every time database/sql runs a
// query it was not asked to prepare, and neither River's driver nor the
// store prepares its queries: for a person's invite that was about a
// quarter of all the CPU the invite path spends, most of it River's
// completer parsing its large UPDATE once per job (docs/performance.md).
// modernc.org/sqlite keeps a single statement's compiled form in a
// driver.Stmt, so this wrapper keeps those statements per connection,
// keyed by their text. Written here because neither database/sql nor the
// driver offers a statement cache, and the only other way in — preparing
// each query in the caller — cannot reach River's queries.

// stmtCacheSize bounds the statements one connection keeps: River's SQLite
// driver has about 60 queries and the store about 90 call sites, most of
// them off the invite path (the invite benchmark prepares 48 in all); each
// kept statement costs a few KiB of SQLite's heap.
const stmtCacheSize = 128

// cachingConnector opens the driver's connections wrapped in
// stmtCachingConn.
type cachingConnector struct{ driver.Connector }

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(sqliteConn)
	if !ok {
		conn.Close()
		return nil, errors.New("store: the SQLite driver's connection lacks a method the statement cache needs")
	}
	return &stmtCachingConn{sqliteConn: inner, stmts: map[string]*cachedStmt{}}, nil
}

// sqliteConn is what the wrapper needs of modernc.org/sqlite's connection;
// everything database/sql looks for on a connection is forwarded.
type sqliteConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// sqliteStmt is what the wrapper needs of the driver's statement.
type sqliteStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// stmtCachingConn is one SQLite connection and its kept statements.
// database/sql uses a connection from one goroutine at a time (rows are
// closed under the same lock), so the cache needs no lock of its own.
type stmtCachingConn struct {
	sqliteConn
	stmts map[string]*cachedStmt
	clock uint64
}

type cachedStmt struct {
	stmt    sqliteStmt
	lastUse uint64
	busy    bool // rows of it are open: a second use must not reset it
	oneOff  bool // not in the cache: close it after its one use
}

func (c *stmtCachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	defer c.release(cs)
	return cs.stmt.ExecContext(ctx, args)
}

func (c *stmtCachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := cs.stmt.QueryContext(ctx, args)
	if err != nil {
		c.release(cs)
		return nil, err
	}
	cs.busy = true
	return &cachedRows{rows: rows, release: func() { cs.busy = false; c.release(cs) }}, nil
}

// statement returns query's kept statement, or prepares one: kept unless
// the kept one is busy (a query run again while its rows are still open).
func (c *stmtCachingConn) statement(ctx context.Context, query string) (*cachedStmt, error) {
	c.clock++
	kept, ok := c.stmts[query]
	if ok && !kept.busy {
		kept.lastUse = c.clock
		return kept, nil
	}
	s, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	stmt, full := s.(sqliteStmt)
	if !full {
		s.Close()
		return nil, errors.New("store: the SQLite driver's statement lacks a method the statement cache needs")
	}
	cs := &cachedStmt{stmt: stmt, lastUse: c.clock, oneOff: ok}
	if !ok {
		c.evictIfFull()
		c.stmts[query] = cs
	}
	return cs, nil
}

func (c *stmtCachingConn) release(cs *cachedStmt) {
	if cs.oneOff && !cs.busy {
		cs.stmt.Close()
	}
}

// evictIfFull drops the least recently used statement; one whose rows are
// still open becomes one-off, closed when they are.
func (c *stmtCachingConn) evictIfFull() {
	if len(c.stmts) < stmtCacheSize {
		return
	}
	var oldest string
	for q, cs := range c.stmts {
		if oldest == "" || cs.lastUse < c.stmts[oldest].lastUse {
			oldest = q
		}
	}
	cs := c.stmts[oldest]
	delete(c.stmts, oldest)
	cs.oneOff = true
	c.release(cs)
}

// Close closes the kept statements, then the connection.
func (c *stmtCachingConn) Close() error {
	var errs []error
	for q, cs := range c.stmts {
		errs = append(errs, cs.stmt.Close())
		delete(c.stmts, q)
	}
	return errors.Join(append(errs, c.sqliteConn.Close())...)
}

// cachedRows hands its statement back when closed. It forwards the column
// type methods database/sql's ColumnTypes asks the driver's rows for.
type cachedRows struct {
	rows    driver.Rows
	release func()
}

func (r *cachedRows) Columns() []string              { return r.rows.Columns() }
func (r *cachedRows) Next(dest []driver.Value) error { return r.rows.Next(dest) }

func (r *cachedRows) Close() error {
	err := r.rows.Close()
	if r.release != nil {
		r.release()
		r.release = nil
	}
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *cachedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}
