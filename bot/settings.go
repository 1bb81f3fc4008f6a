package bot

import (
	"context"
	"time"
)

// SpaceSettings are a space's own rules for Onboard, set by its managers
// with /settings. The zero value of each field means "the organisation's
// default" (environment), which is the safe choice.
type SpaceSettings struct {
	Space          string       // spaces/…
	InvitePolicy   InvitePolicy // who may invite ("": the default, INVITE_POLICY)
	RemovePolicy   InvitePolicy // who may remove ("": managers)
	AllowedDomains []string     // invitees' email domains (empty: ORG_DOMAINS)
	MaxPeople      int          // people per command (0: the default)
	PlansAllowed   *bool        // may plans add people here (nil: yes)
	// PreviewOver is how many people a request may name here before the
	// person who asked sees a preview and confirms it (nil: PREVIEW_OVER;
	// 0: never previewed).
	PreviewOver *int
	// Locale is the language of what Onboard posts for everyone in the
	// space (results, progress): a tag of Config.Locales; "" leaves it to
	// the person who asked, then DEFAULT_LOCALE.
	Locale        string
	UpdatedBy     string // users/…
	UpdatedByName string // their name, as people know it
	UpdatedAt     time.Time
}

// Settings stores per-space settings (implemented by internal/store).
type Settings interface {
	// SpaceSettings returns space's settings; the zero SpaceSettings (with
	// Space set) when none were saved.
	SpaceSettings(ctx context.Context, space string) (SpaceSettings, error)
	// SaveSpaceSettings creates or replaces them.
	SaveSpaceSettings(ctx context.Context, s SpaceSettings) error
}

// Switches is Onboard's global state (implemented by internal/store): the
// kill switch Onboard admins turn with /pause and /resume.
type Switches interface {
	Paused(ctx context.Context) (bool, error)
	SetPaused(ctx context.Context, paused bool, by string) error
}
