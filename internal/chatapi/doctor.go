package chatapi

// What `onboard doctor` (internal/doctor) asks of this adapter: which
// credentials New would use, whether a token can be had for each scope,
// whether the API answers at all, which spaces the app is in, and whether
// a Workspace administrator has approved chat.app.memberships. Each
// question uses only the scope that can answer it, so a failure names the
// scope at fault. Nothing here returns, keeps or prints a token or key.

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"cloud.google.com/go/auth"
	"cloud.google.com/go/auth/credentials"
	"cloud.google.com/go/compute/metadata"
	"github.com/onboard-chat/onboard/bot"
	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	htransport "google.golang.org/api/transport/http"
)

// The scopes a Client asks for (docs/chat-platform.md §6.2).
const (
	ScopeMemberships = chat.ChatAppMembershipsScope // members.create; needs admin approval
	ScopeBot         = chat.ChatBotScope            // spaces, messages; no approval
)

// Scopes returns every scope New asks for, in the order the doctor checks
// them.
func Scopes() []string { return []string{ScopeMemberships, ScopeBot} }

// Where credentials were found (Identity.Source).
const (
	SourceKeyFile  = "key file"                             // Options.CredentialsFile
	SourceADCFile  = "Application Default Credentials file" // e.g. gcloud's application_default_credentials.json
	SourceMetadata = "metadata server"                      // Cloud Run, GCE: the runtime service account
)

// credTypeServiceAccount is the "type" of a service account key file.
const credTypeServiceAccount = "service_account"

// Operation names of this file, used as bot.Error.Op and by classify.
const (
	opCredentials = "chatapi.Credentials"
	opToken       = "chatapi.Token"
	opPing        = "chatapi.Ping"
	opListSpaces  = "chatapi.ListSpaces"
	opProbe       = "chatapi.ProbeMembers"
)

// Identity says where the credentials come from and whose they are. It
// holds no key material.
type Identity struct {
	Source   string // SourceKeyFile, SourceADCFile or SourceMetadata; "" when none was found
	Path     string // the key file, for SourceKeyFile
	Type     string // a file's "type" (service_account, authorized_user, …); "" from the metadata server
	Email    string // the service account, when known
	TokenURI string // a key file's token_uri, where its tokens are minted
}

// credentialFile is the part of a JSON credentials file Identity reports
// or checks. The private key is only parsed, never kept.
type credentialFile struct {
	Type        string `json:"type"`
	ClientEmail string `json:"client_email"`
	TokenURI    string `json:"token_uri"`
	PrivateKey  string `json:"private_key"`
}

// FindCredentials finds the credentials New would use and says whose
// they are, without fetching a token. A key file must be a readable
// service account key with a parsable private key; Application Default
// Credentials must be a service account too, because chat.bot accepts
// nothing else (docs/chat-platform.md §6.2). The Identity is filled as far as
// it is known, also when err is not nil.
func FindCredentials(ctx context.Context, o Options) (Identity, error) {
	_, id, err := loadCredentials(o, Scopes())
	if err != nil || id.Source != SourceMetadata {
		return id, err
	}
	email, err := metadata.NewWithOptions(&metadata.Options{Client: o.HTTPClient}).EmailWithContext(ctx, "default")
	if err != nil {
		return id, classify(opCredentials, "", err)
	}
	id.Email = email
	return id, nil
}

// ProjectNumber asks the metadata server for the number of the project
// this runs in. Only meaningful where FindCredentials found the metadata
// server (Identity.Source == SourceMetadata): elsewhere there is none to
// ask, and asking would wait for a timeout.
func ProjectNumber(ctx context.Context, o Options) (string, error) {
	n, err := metadata.NewWithOptions(&metadata.Options{Client: o.HTTPClient}).NumericProjectIDWithContext(ctx)
	if err != nil {
		return "", classify(opCredentials, "", err)
	}
	return n, nil
}

// CheckToken mints an access token for scope alone with the credentials
// New would use, and throws it away. A refusal by the token endpoint is
// KindDenied; no answer, or a 5xx, is KindTransient.
func CheckToken(ctx context.Context, o Options, scope string) error {
	creds, _, err := loadCredentials(o, []string{scope})
	if err != nil {
		return err
	}
	if _, err := creds.Token(ctx); err != nil {
		return classify(opToken, "", err)
	}
	return nil
}

// loadCredentials mirrors New: a service account key file when
// o.CredentialsFile is set, else Application Default Credentials.
func loadCredentials(o Options, scopes []string) (*auth.Credentials, Identity, error) {
	detect := &credentials.DetectOptions{Scopes: scopes, Client: o.HTTPClient}
	if o.CredentialsFile == "" {
		creds, err := credentials.DetectDefault(detect)
		if err != nil {
			return nil, Identity{}, &bot.Error{Op: opCredentials, Kind: bot.KindNotFound, Err: err}
		}
		b := creds.JSON()
		if b == nil {
			return creds, Identity{Source: SourceMetadata}, nil
		}
		id, err := identityOf(Identity{Source: SourceADCFile}, b)
		return creds, id, err
	}
	id := Identity{Source: SourceKeyFile, Path: o.CredentialsFile}
	b, err := os.ReadFile(o.CredentialsFile)
	if err != nil {
		return nil, id, &bot.Error{Op: opCredentials, Kind: bot.KindInvalid, Err: err}
	}
	if id, err = identityOf(id, b); err != nil {
		return nil, id, err
	}
	creds, err := credentials.NewCredentialsFromJSON(credentials.ServiceAccount, b, detect)
	if err != nil {
		return nil, id, &bot.Error{Op: opCredentials, Kind: bot.KindInvalid, Err: err}
	}
	return creds, id, nil
}

// identityOf reads a credentials file's type, account and token URI, and
// checks that it is a service account key whose private key parses.
// Errors name fields, never their contents.
func identityOf(id Identity, b []byte) (Identity, error) {
	invalid := func(format string, args ...any) error {
		return &bot.Error{Op: opCredentials, Kind: bot.KindInvalid, Err: fmt.Errorf(format, args...)}
	}
	var f credentialFile
	if err := json.Unmarshal(b, &f); err != nil {
		return id, invalid("not a JSON credentials file (%v)", jsonProblem(err))
	}
	id.Type, id.Email, id.TokenURI = f.Type, f.ClientEmail, f.TokenURI
	switch {
	case f.Type == "":
		return id, invalid("no \"type\" field: not a Google credentials file")
	case f.Type != credTypeServiceAccount:
		return id, invalid("a %q credential, not a service account key", f.Type)
	case f.ClientEmail == "":
		return id, invalid("no client_email")
	case !parsablePrivateKey(f.PrivateKey):
		return id, invalid("private_key is missing or is not a PEM private key")
	}
	return id, nil
}

// jsonProblem describes a JSON error without quoting the input.
func jsonProblem(err error) string {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return fmt.Sprintf("field %q has the wrong type", te.Field)
	}
	return "not a JSON object"
}

func parsablePrivateKey(s string) bool {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return false
	}
	if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return true
	}
	_, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	return err == nil
}

// Ping asks the API for spaces.list without credentials, so that it
// depends on nothing but the network and the endpoint, and reports the
// HTTP status of the answer. Any answer below 500 (Google says 401) means
// the API answers and err is nil; a server error or no answer at all (status
// 0) is a classified error. There are no retries.
func Ping(ctx context.Context, o Options) (status int, err error) {
	client := &http.Client{Timeout: 30 * time.Second}
	if o.HTTPClient != nil {
		client = o.HTTPClient
	}
	svc, err := chat.NewService(ctx, option.WithHTTPClient(client), option.WithEndpoint(endpointOf(o)))
	if err != nil {
		return 0, &bot.Error{Op: opPing, Kind: bot.KindInternal, Err: err}
	}
	_, err = svc.Spaces.List().PageSize(1).Context(ctx).Do()
	if err == nil {
		return http.StatusOK, nil
	}
	if ge, ok := errors.AsType[*googleapi.Error](err); ok {
		status = ge.Code
		if status < 500 {
			return status, nil
		}
	}
	return status, classify(opPing, "", err)
}

func endpointOf(o Options) string {
	if o.Endpoint == "" {
		return DefaultEndpoint
	}
	return o.Endpoint
}

// NewScoped is New asking for only the given scopes (New asks for
// Scopes()): a call then succeeds or fails on exactly those, which is how
// the doctor tells a chat.bot problem from a missing admin approval.
func NewScoped(ctx context.Context, o Options, scopes ...string) (*Client, error) {
	o.Endpoint = endpointOf(o)
	if !strings.HasSuffix(o.Endpoint, "/") {
		return nil, &bot.Error{Op: opNew, Kind: bot.KindInvalid,
			Err: errors.New("endpoint must end with /: " + o.Endpoint)}
	}
	if len(scopes) == 0 {
		return nil, &bot.Error{Op: opNew, Kind: bot.KindInvalid, Err: errors.New("no scopes")}
	}
	auth := []option.ClientOption{option.WithScopes(scopes...)}
	if o.CredentialsFile != "" {
		// Only a service account: chat.bot works with nothing else.
		auth = append(auth, option.WithAuthCredentialsFile(option.ServiceAccount, o.CredentialsFile))
	}
	base, timeout := http.RoundTripper(Transport), time.Duration(0)
	if o.HTTPClient != nil {
		timeout = o.HTTPClient.Timeout
		if o.HTTPClient.Transport != nil {
			base = o.HTTPClient.Transport
		}
	}
	rt, err := htransport.NewTransport(ctx, base, auth...)
	if err != nil {
		return nil, &bot.Error{Op: opNew, Kind: bot.KindDenied, Err: err}
	}
	svc, err := chat.NewService(ctx, option.WithHTTPClient(&http.Client{Transport: rt, Timeout: timeout}),
		option.WithEndpoint(o.Endpoint))
	if err != nil {
		return nil, &bot.Error{Op: opNew, Kind: bot.KindInternal, Err: err}
	}
	c := &Client{svc: svc, maxAttempts: o.MaxAttempts, backoff: o.Backoff}
	if c.maxAttempts <= 0 {
		c.maxAttempts = 3
	}
	if c.backoff == nil {
		c.backoff = defaultBackoff
	}
	return c, nil
}

// maxSpacePages bounds ListSpaces: 100 pages of 1000 spaces.
const maxSpacePages = 100

// ListSpaces lists the spaces the app is a member of with spaces.list
// (chat.bot; group chats and DMs appear after their first message).
func (c *Client) ListSpaces(ctx context.Context) ([]bot.Space, error) {
	var out []bot.Space
	token := ""
	for range maxSpacePages {
		var got *chat.ListSpacesResponse
		_, err := c.retry(ctx, opListSpaces, "", func(ctx context.Context) error {
			r, err := c.svc.Spaces.List().PageSize(1000).PageToken(token).Context(ctx).Do()
			got = r
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, sp := range got.Spaces {
			out = append(out, bot.Space{Name: sp.Name, DisplayName: sp.DisplayName,
				Type: bot.SpaceType(sp.SpaceType), SingleUserBotDM: sp.SingleUserBotDm})
		}
		if token = got.NextPageToken; token == "" {
			break
		}
	}
	return out, nil
}

// ProbeMembers reads at most one membership of space with members.list, a
// call without side effects that chat.bot and chat.app.memberships both
// authorise. On a Client from NewScoped(ctx, o, ScopeMemberships) it
// therefore fails with KindNotApproved exactly while a Workspace
// administrator has not granted the app its chat.app.* scopes
// (docs/chat-platform.md §8.1).
func (c *Client) ProbeMembers(ctx context.Context, space string) error {
	_, err := c.retry(ctx, opProbe, "", func(ctx context.Context) error {
		_, err := c.svc.Spaces.Members.List(space).PageSize(1).Context(ctx).Do()
		return err
	})
	return err
}
