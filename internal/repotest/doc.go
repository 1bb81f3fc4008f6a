// Package repotest holds the checks that concern the repository as a whole
// rather than one package: that a reader with nothing but a clone can follow
// every reference. Tracked files outside docs/ must not point at research
// notes kept outside the repository, and every "docs/chat-platform.md §N"
// or "docs/chat-platform.md Pitfall N" citation must name a section heading
// or a numbered pitfall that docs/chat-platform.md has.
//
// It has no code of its own and nothing imports it. It lists files with
// git (tracked files plus untracked ones that are not ignored), so it
// needs git and a checkout; without them it fails and says so.
package repotest
