package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// heldConn opens a SQLite store in a temporary file and returns its one
// connection, held until the test ends.
func heldConn(t *testing.T) *sql.Conn {
	t.Helper()
	s, err := Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	conn, err := s.DB().Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// kept returns the statements the connection keeps, by query.
func kept(t *testing.T, conn *sql.Conn) map[string]*cachedStmt {
	t.Helper()
	var stmts map[string]*cachedStmt
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stmtCachingConn)
		if !ok {
			return fmt.Errorf("the connection is a %T, not the statement cache", dc)
		}
		stmts = c.stmts
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return stmts
}

func ints(t *testing.T, conn *sql.Conn, query string, args ...any) []int {
	t.Helper()
	rows, err := conn.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var got []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func exec(t *testing.T, conn *sql.Conn, query string, args ...any) {
	t.Helper()
	if _, err := conn.ExecContext(t.Context(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func TestARepeatedQueryReusesItsStatement(t *testing.T) {
	conn := heldConn(t)
	const q = `SELECT ? + 1`
	for i := range 3 {
		if got := ints(t, conn, q, i); !slices.Equal(got, []int{i + 1}) {
			t.Errorf("run %d: got %v, want [%d]: a kept statement must take each run's arguments", i, got, i+1)
		}
	}
	first := kept(t, conn)[q]
	if first == nil {
		t.Fatalf("the query's statement is not kept")
	}
	ints(t, conn, q, 5)
	if kept(t, conn)[q] != first {
		t.Errorf("the query was prepared again, want its kept statement reused")
	}
}

func TestTheSameQueryRunsWhileItsRowsAreOpen(t *testing.T) {
	conn := heldConn(t)
	exec(t, conn, `CREATE TABLE t (v INTEGER)`)
	exec(t, conn, `INSERT INTO t VALUES (1), (2), (3)`)
	const q = `SELECT v FROM t ORDER BY v`
	rows, err := conn.QueryContext(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var outer []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, v)
		if len(outer) > 3 {
			break // the outer iteration was reset: it would never end
		}
		// The kept statement is in use by the outer rows: this run needs
		// one of its own, or it would reset the outer iteration.
		if inner := ints(t, conn, q); !slices.Equal(inner, []int{1, 2, 3}) {
			t.Errorf("inner run: got %v, want [1 2 3]", inner)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(outer, []int{1, 2, 3}) {
		t.Errorf("outer run: got %v, want [1 2 3]", outer)
	}
}

func TestTheCacheStaysBoundedAndKeepsWhatIsInUse(t *testing.T) {
	conn := heldConn(t)
	exec(t, conn, `CREATE TABLE t (v INTEGER)`)
	exec(t, conn, `INSERT INTO t VALUES (1), (2)`)
	// Rows held open across enough other queries to evict their statement.
	rows, err := conn.QueryContext(t.Context(), `SELECT v FROM t ORDER BY v`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal("no first row")
	}
	for i := range 2 * stmtCacheSize {
		q := fmt.Sprintf(`SELECT %d`, i)
		if got := ints(t, conn, q); !slices.Equal(got, []int{i}) {
			t.Fatalf("%s: got %v", q, got)
		}
	}
	if n := len(kept(t, conn)); n > stmtCacheSize {
		t.Errorf("the connection keeps %d statements, want at most %d", n, stmtCacheSize)
	}
	if kept(t, conn)[fmt.Sprintf(`SELECT %d`, 2*stmtCacheSize-1)] == nil {
		t.Errorf("the most recent query's statement was evicted, want the least recently used ones gone")
	}
	var second int
	if !rows.Next() || rows.Scan(&second) != nil || second != 2 {
		t.Errorf("the open rows' statement was disturbed: second row %d, %v; want 2", second, rows.Err())
	}
}

func TestAKeptStatementFollowsASchemaChange(t *testing.T) {
	conn := heldConn(t)
	exec(t, conn, `CREATE TABLE t (a INTEGER)`)
	exec(t, conn, `INSERT INTO t VALUES (1)`)
	const q = `SELECT * FROM t`
	columns := func() []string {
		rows, err := conn.QueryContext(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		return cols
	}
	if got := columns(); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("before: columns %v", got)
	}
	exec(t, conn, `ALTER TABLE t ADD COLUMN b TEXT`)
	if got := columns(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("after ALTER TABLE: columns %v, want [a b]", got)
	}
}

func TestAKeptStatementWorksAfterItFailed(t *testing.T) {
	conn := heldConn(t)
	exec(t, conn, `CREATE TABLE t (v INTEGER PRIMARY KEY)`)
	const insert = `INSERT INTO t (v) VALUES (?)`
	exec(t, conn, insert, 1)
	if _, err := conn.ExecContext(t.Context(), insert, 1); err == nil {
		t.Fatal("a duplicate key was accepted")
	}
	exec(t, conn, insert, 2)
	const query = `SELECT v FROM t WHERE v > json_extract(?, '$.after') ORDER BY v`
	if rows, err := conn.QueryContext(t.Context(), query, "not JSON"); err == nil {
		rows.Close()
		t.Fatal("a query of malformed JSON ran")
	}
	if got := ints(t, conn, query, `{"after": 0}`); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("after the failures: got %v, want [1 2]", got)
	}
}
