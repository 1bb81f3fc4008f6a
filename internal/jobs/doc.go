// Package jobs is Onboard's durable invite work: it turns a saved batch
// into River jobs — one for a small command's people together (whose
// first attempt runs at once in the process that saved it, the job a
// backstop), one per person for bulk and for retries — paces membership
// writes to the Chat API's quota, retries what may be retried, records
// every person's outcome exactly once, and keeps the requester informed
// with one progress message per batch that it edits until the final tally.
//
// It owns the River client (its configuration, job kinds and workers) and
// the in-process write limiter. It implements bot.Jobs and bot.JobControl.
// It must not write SQL of its own (internal/store owns the tables and the
// transactions it enqueues in), decide outcomes (bot.AddPerson does), or
// hold words a user reads (Config.Render, from cards, builds the card).
package jobs
