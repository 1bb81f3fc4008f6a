package jobs

import (
	"database/sql"

	"github.com/riverqueue/river/riverdriver"
)

// riverDriver is the one River client type both databases share: both
// drivers work on a *sql.DB.
type riverDriver = riverdriver.Driver[*sql.Tx]
