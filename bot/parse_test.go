package bot

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var (
	sam   = User{Name: "users/111", DisplayName: "Sam Rivera", Email: "sam@example.com"}
	alice = User{Name: "users/222", DisplayName: "Alice Ng"}
	bob   = User{Name: "users/333", DisplayName: "Bob Ortiz"}
	app   = User{Name: "users/100", DisplayName: "Onboard", Bot: true}
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name string
		in   Interaction
		want Command
	}{
		{
			name: "slash command with mentions and an address",
			in: Interaction{CommandID: 1, Actor: sam, Text: "/invite @Alice Ng @Bob Ortiz carol@example.com",
				Mentions: []Mention{{User: alice, Start: 8, Length: 9}, {User: bob, Start: 18, Length: 10}}},
			want: Command{Name: CmdInvite, People: []Target{
				{User: "users/222", Display: "Alice Ng", Mentioned: true},
				{User: "users/333", Display: "Bob Ortiz", Mentioned: true},
				{User: "users/carol@example.com", Display: "carol@example.com", Email: "carol@example.com"},
			}},
		},
		{
			name: "app mention then command word",
			in: Interaction{Actor: sam, App: "users/100", Text: "@Onboard invite @Alice Ng",
				Mentions: []Mention{{User: app, Start: 0, Length: 8}, {User: alice, Start: 16, Length: 9}}},
			want: Command{Name: CmdInvite,
				People:  []Target{{User: "users/222", Display: "Alice Ng", Mentioned: true}},
				Skipped: []Skip{{Target: Target{User: "users/100", Display: "Onboard", Mentioned: true}, Reason: ReasonApp}}},
		},
		{
			name: "duplicates, the invoker and pasted list punctuation",
			in: Interaction{CommandID: 1, Actor: sam, Text: "/invite <Carol@Example.com>, carol@example.com; sam@example.com users/111 bob",
				Mentions: nil},
			want: Command{Name: CmdInvite,
				People: []Target{{User: "users/carol@example.com", Display: "carol@example.com", Email: "carol@example.com"}},
				Skipped: []Skip{
					{Target: Target{User: "users/carol@example.com", Display: "carol@example.com", Email: "carol@example.com"}, Reason: ReasonDuplicate},
					{Target: Target{User: "users/sam@example.com", Display: "sam@example.com", Email: "sam@example.com"}, Reason: ReasonInvoker},
					{Target: Target{User: "users/111", Display: "users/111"}, Reason: ReasonInvoker},
					{Target: Target{Display: "bob"}, Reason: ReasonUnrecognised},
				}},
		},
		{
			name: "DM names the target space by resource name",
			in:   Interaction{CommandID: 1, Actor: sam, Text: "/invite spaces/AAAAonbrd01 dave@example.com"},
			want: Command{Name: CmdInvite, Space: "spaces/AAAAonbrd01",
				People: []Target{{User: "users/dave@example.com", Display: "dave@example.com", Email: "dave@example.com"}}},
		},
		{
			name: "DM names the target space by Chat URL",
			in:   Interaction{CommandID: 1, Actor: sam, Text: "/invite https://chat.google.com/room/AAAAonbrd01?cls=7 users/444"},
			want: Command{Name: CmdInvite, Space: "spaces/AAAAonbrd01",
				People: []Target{{User: "users/444", Display: "users/444"}}},
		},
		{
			name: "mention indices in UTF-16 units after non-ASCII text",
			in: Interaction{CommandID: 1, Actor: sam, Text: "/invite 👋 @Zoë Ñ x@example.com",
				Mentions: []Mention{{User: User{Name: "users/777", DisplayName: "Zoë Ñ"}, Start: 11, Length: 6}}},
			want: Command{Name: CmdInvite, People: []Target{
				{User: "users/777", Display: "Zoë Ñ", Mentioned: true},
				{User: "users/x@example.com", Display: "x@example.com", Email: "x@example.com"},
			}, Skipped: []Skip{{Target: Target{Display: "👋"}, Reason: ReasonUnrecognised}}},
		},
		{
			name: "mention indices out of range fall back to the display name",
			in: Interaction{CommandID: 1, Actor: sam, Text: "/invite @Alice Ng",
				Mentions: []Mention{{User: alice, Start: 900, Length: 9}}},
			want: Command{Name: CmdInvite, People: []Target{{User: "users/222", Display: "Alice Ng", Mentioned: true}}},
		},
		{
			name: "hostile names are not people",
			in:   Interaction{CommandID: 1, Actor: sam, Text: "/invite users/app users/../x groups/../1 group:eng a@b"},
			want: Command{Name: CmdInvite, Skipped: []Skip{
				{Target: Target{User: "users/app", Display: "users/app"}, Reason: ReasonApp},
				{Target: Target{Display: "users/../x"}, Reason: ReasonUnrecognised},
				{Target: Target{Display: "groups/../1"}, Reason: ReasonUnrecognised},
				{Target: Target{Display: "group:eng"}, Reason: ReasonUnrecognised},
				{Target: Target{Display: "a@b"}, Reason: ReasonUnrecognised},
			}},
		},
		{
			name: "groups by address and by name; a group's address is not a person",
			in:   Interaction{CommandID: 1, Actor: sam, Text: "/invite group:Eng@Example.com groups/03cqmetx1 GROUP:eng@example.com"},
			want: Command{Name: CmdInvite, People: []Target{
				{Kind: TargetGroup, Display: "eng@example.com", Email: "eng@example.com"},
				{Kind: TargetGroup, User: "groups/03cqmetx1", Display: "groups/03cqmetx1"},
			}, Skipped: []Skip{{Target: Target{Kind: TargetGroup, Display: "eng@example.com", Email: "eng@example.com"},
				Reason: ReasonDuplicate}}},
		},
		{
			name: "Onboard mentioned with another space: add Onboard there",
			in: Interaction{CommandID: 1, Actor: sam, App: "users/100", Space: Space{Name: "spaces/DM", Type: SpaceDM},
				Text:     "/invite spaces/AAAAother @Onboard",
				Mentions: []Mention{{User: app, Start: 26, Length: 8}}},
			want: Command{Name: CmdInvite, Space: "spaces/AAAAother",
				People: []Target{{Kind: TargetApp, User: "users/app", Display: "Onboard", Mentioned: true}}},
		},
		{
			name: "Onboard mentioned in the space it is in: only addressed; another app: Chat lets apps add only themselves",
			in: Interaction{CommandID: 1, Actor: sam, App: "users/100", Space: Space{Name: "spaces/AAAAother", Type: SpaceNamed},
				Text: "/invite spaces/AAAAother @Onboard @Jira",
				Mentions: []Mention{{User: app, Start: 26, Length: 8},
					{User: User{Name: "users/900", DisplayName: "Jira", Bot: true}, Start: 35, Length: 5}}},
			want: Command{Name: CmdInvite, Space: "spaces/AAAAother", Skipped: []Skip{
				{Target: Target{User: "users/900", Display: "Jira", Mentioned: true}, Reason: ReasonOtherApp},
				{Target: Target{User: "users/100", Display: "Onboard", Mentioned: true}, Reason: ReasonApp},
			}},
		},
		{
			name: "--admin, also as a phone writes it",
			in:   Interaction{CommandID: 1, Actor: sam, Text: "/invite —admin spaces/AAAAother carol@example.com"},
			want: Command{Name: CmdInvite, Space: "spaces/AAAAother", Admin: true,
				People: []Target{{User: "users/carol@example.com", Display: "carol@example.com", Email: "carol@example.com"}}},
		},
		{
			name: "unknown slash command id",
			in:   Interaction{CommandID: 42, Actor: sam, Text: "/frobnicate now"},
			want: Command{Name: CmdUnknown, Word: "/frobnicate", Skipped: []Skip{{Target: Target{Display: "now"}, Reason: ReasonUnrecognised}}},
		},
		{
			name: "plain DM text is no command",
			in:   Interaction{Actor: sam, Text: "hello"},
			want: Command{Name: CmdNone, Skipped: []Skip{{Target: Target{Display: "hello"}, Reason: ReasonUnrecognised}}},
		},
		{
			name: "quick command without text",
			in:   Interaction{CommandID: 2, Actor: sam},
			want: Command{Name: CmdHelp},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCommand(tt.in, nil)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Command{}, "Args", "Fields")); diff != "" {
				t.Errorf("ParseCommand() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseCommandIDs(t *testing.T) {
	got, err := ParseCommandIDs(" 10=invite, 11=HELP ")
	if err != nil {
		t.Fatal(err)
	}
	if want := (CommandIDs{10: CmdInvite, 11: CmdHelp}); !cmp.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if s := DefaultCommandIDs().String(); s != "1=invite,2=help,3=onboard,4=plan,5=status,6=remove,7=settings,8=audit,9=pause,10=resume,11=spaces,12=connect,13=disconnect" {
		t.Errorf("default table = %q", s)
	}
	for _, bad := range []string{"", "1", "0=invite", "1001=invite", "x=invite", "1=dance", "1=invite,1=help", "1=invite,2=invite"} {
		if _, err := ParseCommandIDs(bad); err == nil {
			t.Errorf("ParseCommandIDs(%q) = nil error, want an error", bad)
		}
	}
}

func TestInvitePolicy(t *testing.T) {
	tests := []struct {
		policy InvitePolicy
		space  SpaceType
		role   Role
		want   bool
	}{
		{PolicyManagers, SpaceNamed, RoleManager, true},
		{PolicyManagers, SpaceNamed, RoleAssistantManager, true},
		{PolicyManagers, SpaceNamed, RoleMember, false},
		{PolicyMembers, SpaceNamed, RoleMember, true},
		{PolicyManagers, SpaceGroupChat, RoleMember, true},
		{PolicyMembers, SpaceDM, RoleManager, false},
	}
	for _, tt := range tests {
		if got := tt.policy.MayInvite(tt.space, tt.role); got != tt.want {
			t.Errorf("%s.MayInvite(%s, %s) = %v, want %v", tt.policy, tt.space, tt.role, got, tt.want)
		}
	}
	if _, err := ParseInvitePolicy("everyone"); err == nil {
		t.Error("ParseInvitePolicy(everyone) accepted")
	}
}
