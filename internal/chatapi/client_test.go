package chatapi

import (
	"errors"
	"net/http/httptrace"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	chat "google.golang.org/api/chat/v1"
)

// People and spaces of ../chatfake/testdata/world.json.
const (
	platform = "spaces/AAAAonbrd01" // the app is a member; Sam manages it, Dave is in it
	finance  = "spaces/AAAAnotapp02"
	group    = "spaces/AAAAgroup03"
	dm       = "spaces/_dmSamOnb01"
	sam      = "users/111111111111111111111"
	alice    = "users/222222222222222222222" // auto-accept on
	bob      = "users/333333333333333333333" // auto-accept off
	carol    = "users/444444444444444444444"
	dave     = "users/555555555555555555555"
	erin     = "users/666666666666666666666" // erin@partner.test, external
)

// newFake starts a chatfake on the example world with a frozen clock, so
// quota windows do not roll over during a test.
func newFake(t *testing.T) *chatfake.Server {
	t.Helper()
	w, err := chatfake.LoadWorld("../chatfake/testdata/world.json")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	fake, err := chatfake.New(w, chatfake.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	return fake
}

// newClient returns a Client for fake using its service account key and
// a backoff of a millisecond; edit adjusts the Options.
func newClient(t *testing.T, fake *chatfake.Server, edit func(*Options)) *Client {
	t.Helper()
	key := filepath.Join(t.TempDir(), "sa.json")
	if err := fake.WriteServiceAccountKey(key); err != nil {
		t.Fatal(err)
	}
	o := Options{Endpoint: fake.URL + "/", CredentialsFile: key,
		Backoff: func(int) time.Duration { return time.Millisecond }}
	if edit != nil {
		edit(&o)
	}
	c, err := New(t.Context(), o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// wantKind fails unless err is a *bot.Error of kind for person, and says
// nothing about any access token.
func wantKind(t *testing.T, err error, kind bot.Kind, person string) {
	t.Helper()
	be, ok := errors.AsType[*bot.Error](err)
	if !ok {
		t.Fatalf("got error %v, want *bot.Error of kind %v", err, kind)
	}
	if be.Kind != kind || be.Person != person {
		t.Errorf("got kind %v person %q (%v), want kind %v person %q", be.Kind, be.Person, err, kind, person)
	}
	if strings.Contains(err.Error(), "ya29.") {
		t.Errorf("error %q contains an access token", err)
	}
}

func TestAddMember(t *testing.T) {
	tests := []struct {
		name, user string
		want       bot.Membership
	}{
		{"by id, auto-accept on", alice, bot.Membership{User: alice, State: bot.StateJoined, Role: bot.RoleMember}},
		{"by email", "users/alice@example.com", bot.Membership{User: alice, State: bot.StateJoined, Role: bot.RoleMember}},
		{"auto-accept off is invited", "users/bob@example.com", bot.Membership{User: bob, State: bot.StateInvited, Role: bot.RoleMember}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t)
			got, err := newClient(t, fake, nil).AddMember(t.Context(), platform, tt.user)
			if err != nil {
				t.Fatalf("AddMember: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AddMember (-want +got):\n%s", diff)
			}
			state, _, ok := fake.Membership("AAAAonbrd01", strings.TrimPrefix(tt.want.User, "users/"))
			if !ok || state != string(tt.want.State) {
				t.Errorf("fake membership: got %q (exists %v), want %q", state, ok, tt.want.State)
			}
		})
	}
}

func TestAddMemberAsksOnlyForItsScopes(t *testing.T) {
	fake := newFake(t)
	if _, err := newClient(t, fake, nil).AddMember(t.Context(), platform, carol); err != nil {
		t.Fatalf("AddMember: %v", err)
	}
	wantOnlyOurScopes(t, fake)
}

// wantOnlyOurScopes checks the token of the first members.create call was
// minted for Onboard's two scopes, not the client's default of all Chat
// scopes (docs/chat-platform.md §6.2).
func wantOnlyOurScopes(t *testing.T, fake *chatfake.Server) {
	t.Helper()
	want := []string{chat.ChatAppMembershipsScope, chat.ChatBotScope}
	for _, c := range fake.Calls() {
		if c.Method != "chat.spaces.members.create" {
			continue
		}
		got := slices.Sorted(slices.Values(c.Scopes))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("token scopes (-want +got):\n%s", diff)
		}
		return
	}
	t.Errorf("got no members.create call in %+v", fake.Calls())
}

func TestAddMemberRefused(t *testing.T) {
	tests := []struct {
		name, space, user string
		setup             func(*chatfake.Server) // undone after the case
		want              bot.Kind
	}{
		{"already a member", platform, dave, nil, bot.KindAlreadyMember},
		{"external by email", platform, "users/erin@partner.test", nil, bot.KindExternal},
		{"external by id", platform, erin, nil, bot.KindExternal},
		{"unknown address in the org", platform, "users/nobody@example.com", nil, bot.KindNotFound},
		{"malformed name", platform, "alice@example.com", nil, bot.KindInvalid},
		{"admin approval off", platform, alice, func(f *chatfake.Server) { f.SetAdminApproved(false) }, bot.KindNotApproved},
		// Chat answers 404 for a space the app is not in, just as for an
		// unknown person; Space() tells the two apart.
		{"app not in space", finance, alice, nil, bot.KindNotFound},
	}
	fake := newFake(t) // shared: no case changes who is in which space
	c := newClient(t, fake, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup(fake)
				t.Cleanup(func() { fake.SetAdminApproved(true) })
			}
			_, err := c.AddMember(t.Context(), tt.space, tt.user)
			wantKind(t, err, tt.want, tt.user)
		})
	}
}

func TestAddMemberTwice(t *testing.T) {
	fake := newFake(t)
	c := newClient(t, fake, nil)
	if _, err := c.AddMember(t.Context(), platform, bob); err != nil {
		t.Fatalf("first AddMember: %v", err)
	}
	_, err := c.AddMember(t.Context(), platform, "users/bob@example.com")
	wantKind(t, err, bot.KindAlreadyMember, "users/bob@example.com")
}

func TestMember(t *testing.T) {
	tests := []struct {
		name, user string
		want       bot.Membership
		wantErr    bot.Kind // KindInternal: no error
	}{
		{"manager", sam, bot.Membership{User: sam, State: bot.StateJoined, Role: bot.RoleManager}, bot.KindInternal},
		{"member by email", "users/dave@example.com", bot.Membership{User: dave, State: bot.StateJoined, Role: bot.RoleMember}, bot.KindInternal},
		{"not a member", alice, bot.Membership{}, bot.KindNotFound},
	}
	c := newClient(t, newFake(t), nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Member(t.Context(), platform, tt.user)
			if tt.wantErr != bot.KindInternal {
				wantKind(t, err, tt.wantErr, tt.user)
				return
			}
			if err != nil {
				t.Fatalf("Member: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Member (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSpace(t *testing.T) {
	tests := []struct {
		name, space string
		want        bot.Space
		wantErr     bool
	}{
		{"named space", platform, bot.Space{Name: platform, DisplayName: "Platform Team", Type: bot.SpaceNamed}, false},
		{"group chat", group, bot.Space{Name: group, Type: bot.SpaceGroupChat}, false},
		{"DM with the app", dm, bot.Space{Name: dm, Type: bot.SpaceDM, SingleUserBotDM: true}, false},
		{"app not in space", finance, bot.Space{}, true},
		{"no such space", "spaces/AAAAmissing9", bot.Space{}, true},
	}
	c := newClient(t, newFake(t), nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Space(t.Context(), tt.space)
			if tt.wantErr {
				wantKind(t, err, bot.KindAppNotInSpace, "")
				return
			}
			if err != nil {
				t.Fatalf("Space: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Space (-want +got):\n%s", diff)
			}
		})
	}
}

// TestApplicationDefaultCredentials runs as on Cloud Run: no key file, the
// token comes from the metadata server (the fake's emulation).
func TestApplicationDefaultCredentials(t *testing.T) {
	fake := newFake(t)
	t.Setenv("GCE_METADATA_HOST", fake.MetadataHost())
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("CLOUDSDK_CONFIG", t.TempDir())
	c := newClient(t, fake, func(o *Options) { o.CredentialsFile = "" })
	got, err := c.AddMember(t.Context(), platform, "users/carol@example.com")
	if err != nil {
		t.Fatalf("AddMember: %v", err)
	}
	if got.User != carol || got.State != bot.StateJoined {
		t.Errorf("AddMember: got %+v, want %s JOINED", got, carol)
	}
	if !slices.ContainsFunc(fake.Calls(), func(c chatfake.Call) bool { return c.Method == "metadata" }) {
		t.Errorf("got no metadata server call, want the token from it")
	}
	wantOnlyOurScopes(t, fake)
}

func TestNewRejectsEndpointWithoutSlash(t *testing.T) {
	_, err := New(t.Context(), Options{Endpoint: "http://127.0.0.1:1", CredentialsFile: "unused.json"})
	wantKind(t, err, bot.KindInvalid, "")
}

// TestConcurrentCallsKeepTheirConnections: a command's calls go out
// together; over HTTP/1.1 (the local fake, a proxy) each needs a
// connection. The second round of 20 concurrent calls dials none: the
// first round's connections were kept, where Go's default keeps two and
// dialled 18 again every time.
func TestConcurrentCallsKeepTheirConnections(t *testing.T) {
	fake := newFake(t)
	fake.SetLatency("chat.spaces.get", 50*time.Millisecond) // so that all 20 are in flight at once
	c := newClient(t, fake, nil)
	var mu sync.Mutex
	dialled := 0
	ctx := httptrace.WithClientTrace(t.Context(), &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if !info.Reused {
			mu.Lock()
			dialled++
			mu.Unlock()
		}
	}})
	round := func() int {
		mu.Lock()
		dialled = 0
		mu.Unlock()
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := c.Space(ctx, platform); err != nil {
					t.Errorf("Space: %v", err)
				}
			})
		}
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		return dialled
	}
	if n := round(); n == 0 {
		t.Fatal("the first round dialled no connection; the test lost its point")
	}
	if n := round(); n != 0 {
		t.Errorf("the second round of 20 concurrent calls dialled %d new connections, want 0", n)
	}
}
