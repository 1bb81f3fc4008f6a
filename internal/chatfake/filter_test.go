package chatfake

import "testing"

func TestMemberFilterMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		filter     string
		role, typ  string
		wantMatch  bool
		wantParsed bool
	}{
		{`role = "ROLE_MANAGER"`, "ROLE_MANAGER", "HUMAN", true, true},
		{`role = ROLE_MANAGER`, "ROLE_MEMBER", "HUMAN", false, true},
		{`(role = "ROLE_MANAGER" OR member.type = "BOT") AND member.type != "BOT"`, "ROLE_MANAGER", "HUMAN", false, false},
		{`role = "ROLE_MANAGER" OR member.type = "BOT"`, "ROLE_MEMBER", "BOT", true, true},
		{`(role = "ROLE_MEMBER") AND member.type = "HUMAN"`, "ROLE_MEMBER", "HUMAN", true, true},
		{`role = "ROLE_ASSISTANT_MANAGER"`, "", "", false, false},
		{`role = "ROLE_MEMBER" OR`, "", "", false, false},
		{`(role = "ROLE_MEMBER"`, "", "", false, false},
		{`role = "ROLE_MEMBER`, "", "", false, false},
		{`role ! "ROLE_MEMBER"`, "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			f, err := parseMemberFilter(tt.filter)
			if (err == nil) != tt.wantParsed {
				t.Fatalf("parse: got err %v, want parsed=%v", err, tt.wantParsed)
			}
			if err == nil && f.match(tt.role, tt.typ) != tt.wantMatch {
				t.Errorf("match(%s, %s): got %v, want %v", tt.role, tt.typ, !tt.wantMatch, tt.wantMatch)
			}
		})
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{`role = "ROLE_MANAGER"`, `member.type != "BOT" AND (role = "ROLE_MEMBER" OR role = "ROLE_MANAGER")`, `spaceType = "SPACE" OR space_type = "DM"`, `"`, `!`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if flt, err := parseMemberFilter(s); err == nil {
			flt.match("ROLE_MEMBER", "HUMAN")
		}
		_, _ = parseSpaceFilter(s)
	})
}
