package bot

import (
	"context"
	"time"
)

// The language and time zone a reply is read in (docs/chat-platform.md
// §12). A reply for the asker alone is in the asker's language
// (common.userLocale) when Chat sends it; one everyone in the space reads
// (results, progress) is in the space's locale= setting, else the asker's.
// When neither is known: the space's setting, DEFAULT_LOCALE, then English.
// Times are in the asker's zone where Chat sends it (clicks and dialog
// submits), else DEFAULT_TIME_ZONE, else UTC; cards label every time with
// its zone, as nobody can tell otherwise.

// localized is r with its readers' language and zone, where bot did not
// set them already.
func (s *Service) localized(ctx context.Context, in Interaction, r Reply) Reply {
	if r == nil {
		return nil
	}
	a := r.audience()
	if a.Locale != "" && a.TimeZone != "" {
		return r
	}
	locale, zone := s.readers(ctx, in, a.Private)
	if a.Locale == "" {
		a.Locale = locale
	}
	if a.TimeZone == "" {
		a.TimeZone = zone
	}
	return r.withAudience(a)
}

// readers are the language and the zone of a reply to in: for the asker
// alone (private) or for everyone in in.Space.
func (s *Service) readers(ctx context.Context, in Interaction, private bool) (locale, zone string) {
	zone = s.zoneOf(in)
	asker := in.Locale
	if !plausibleLocale(asker) {
		asker = ""
	}
	if private && asker != "" {
		return asker, zone
	}
	if in.Space.Name != "" && s.Settings != nil {
		if set, err := s.spaceSettings(ctx, in.Space.Name); err == nil && set.Locale != "" {
			return set.Locale, zone
		}
	}
	if asker != "" {
		return asker, zone
	}
	return s.cfg.DefaultLocale, zone
}

// zoneOf is the IANA name of the zone in's reader sees times in: Chat's
// common.timeZone when it is a zone Go knows, else DEFAULT_TIME_ZONE, else
// "" (UTC).
func (s *Service) zoneOf(in Interaction) string {
	if in.TimeZone != "" && len(in.TimeZone) <= 64 {
		if loc, err := time.LoadLocation(in.TimeZone); err == nil && loc != time.Local {
			return loc.String()
		}
	}
	if s.cfg.DefaultTimeZone != nil {
		return s.cfg.DefaultTimeZone.String()
	}
	return ""
}

// plausibleLocale reports whether l looks like a BCP 47 tag (letters,
// digits, "-" or "_", at most 35 bytes): anything else Chat would not
// send, and is dropped rather than passed on.
func plausibleLocale(l string) bool {
	if l == "" || len(l) > 35 {
		return false
	}
	for _, c := range l {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
