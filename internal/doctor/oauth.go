package doctor

// The checks of people's own Google accounts, run when OAUTH_CLIENT_ID is
// set (docs/chat-platform.md §10): the client id's shape, the secret and
// the token key, the redirect URL, that the callback answers from
// Onboard's sign-in service (people's browsers must reach it), that
// Google's token endpoint accepts the client, and that every stored grant
// is sealed with a configured key.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/oauth2"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/oauth"
)

const (
	nameOAuthClient   = "OAuth client id"
	nameOAuthKeys     = "OAuth client secret and token key"
	nameRedirect      = "sign-in redirect URL"
	nameCallback      = "sign-in callback answers"
	nameTokenEndpoint = "Google's token endpoint accepts the client"
	nameGrantKeys     = "connected accounts' grants under a configured key"
)

// oauthChecks are the checks of people's own authority, after the
// database's. The client id and the redirect URL are judged even when
// the configuration is not valid: their advice is more precise.
func (d *doctor) oauthChecks() []Check {
	return []Check{
		{Name: nameOAuthClient, Run: d.oauthClient, Fix: fixOAuthClientID},
		{Name: nameOAuthKeys, Needs: []string{nameConfig}, Run: d.oauthKeys},
		{Name: nameRedirect, Run: d.redirect, Fix: fixRedirect},
		{Name: nameCallback, Needs: []string{nameRedirect}, Run: d.callback},
		{Name: nameTokenEndpoint, Needs: []string{nameConfig, nameOAuthClient}, Run: d.tokenEndpoint},
		{Name: nameGrantKeys, Needs: []string{nameSchema, nameOAuthKeys}, Run: d.grantKeys},
	}
}

// googleClientID is the shape of a Google OAuth client id: the number of
// the project that owns the client, a dash, and a random part.
var googleClientID = regexp.MustCompile(`^[0-9]+-[a-z0-9]+\.apps\.googleusercontent\.com$`)

func (d *doctor) oauthClient(context.Context) (string, error) {
	id := d.cfg.OAuth.ClientID
	switch {
	case strings.HasPrefix(id, "GOCSPX-"): // Google's client secrets start so; the value is not repeated
		return "", &Problem{What: "OAUTH_CLIENT_ID holds a client secret, not the client id"}
	case !googleClientID.MatchString(id):
		return "", &Problem{What: fmt.Sprintf("%q is not a Google OAuth client id (NUMBER-….apps.googleusercontent.com)", id)}
	}
	return id + " (a Web application client, with the sign-in callback among its Authorized redirect URIs: " +
		"Google checks those only when someone signs in)", nil
}

func (d *doctor) oauthKeys(context.Context) (string, error) {
	current, previous, err := keyIDsOf(d.cfg.OAuth)
	if err != nil {
		return "", &Problem{What: "the token encryption key does not make a keyring", Err: err, Fix: fixConfig}
	}
	s := "OAUTH_CLIENT_SECRET is set; TOKEN_ENCRYPTION_KEY decodes to 32 bytes (key id " + current + ")"
	if previous != "" {
		s += "; TOKEN_ENCRYPTION_KEY_PREVIOUS too (key id " + previous + ")"
	}
	return s, nil
}

// keyIDsOf names the configured keys as grants record them.
func keyIDsOf(o config.OAuth) (current, previous string, err error) {
	ring, err := oauth.NewKeyring(o.Key)
	if err != nil {
		return "", "", err
	}
	if o.PreviousKey != nil {
		prev, err := oauth.NewKeyring(o.PreviousKey)
		if err != nil {
			return "", "", err
		}
		previous = prev.CurrentKeyID()
	}
	return ring.CurrentKeyID(), previous, nil
}

func (d *doctor) redirect(context.Context) (string, error) {
	r := d.cfg.OAuth.RedirectURL
	u, err := url.Parse(r)
	switch {
	case r == "":
		return "", &Problem{What: "OAUTH_REDIRECT_URL is not set, and no default could be made from CHAT_AUDIENCE"}
	case err != nil || u.Host == "" || u.User != nil:
		return "", &Problem{What: fmt.Sprintf("%q is not a URL", r)}
	case u.Path != config.CallbackPath || u.RawQuery != "" || u.Fragment != "":
		return "", &Problem{What: fmt.Sprintf("%q does not end with %s (Onboard answers sign-ins there only)", r, config.CallbackPath)}
	case u.Scheme == "http" && loopbackHost(u.Hostname()):
		return "", &Problem{Warn: true, What: r + " is http:// on this machine", Fix: noteRedirectLoopback}
	case u.Scheme != "https":
		return "", &Problem{What: fmt.Sprintf("%q is not https://: Google accepts http:// redirect URIs only for localhost", r)}
	}
	return r + " (it must be among the OAuth client's Authorized redirect URIs, byte for byte)", nil
}

func loopbackHost(h string) bool { return h == "localhost" || h == "127.0.0.1" || h == "::1" }

// callback asks the callback, as a person's browser would after Google's
// consent but without a state: Onboard's sign-in service answers 400 with
// its own "this link does not work" page. Anything else means people's
// browsers would not reach Onboard there.
func (d *doctor) callback(ctx context.Context) (string, error) {
	r := d.cfg.OAuth.RedirectURL
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r, nil)
	if err != nil {
		return "", &Problem{What: "cannot ask " + r, Err: err, Fix: fixRedirect}
	}
	c := d.httpClient()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		return "", &Problem{What: "no answer from " + r, Err: err, Fix: fixCallbackUnreachable}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch status := resp.StatusCode; {
	case status == http.StatusBadRequest && bytes.Equal(body, cards.SignInPage(bot.SignInLinkUnknown, true, "")):
		return "Onboard's sign-in service answered (HTTP 400, its “link does not work” page for a link without a state, as expected)", nil
	case status == http.StatusNotFound && bytes.Equal(body, cards.SignInPage(bot.SignInFailed, false, "")):
		return "", &Problem{What: "an Onboard answered that connects no accounts: the service at this URL has no OAUTH_CLIENT_ID",
			Fix: fixCallbackNotConfigured}
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "", &Problem{What: fmt.Sprintf("HTTP %d: this URL admits only authorised callers (on Cloud Run: the private "+
			"Chat service, which only Google Chat may invoke), so people's browsers are turned away", status),
			Fix: fixCallbackPrivate}
	default:
		return "", &Problem{What: fmt.Sprintf("HTTP %d, and not Onboard's sign-in page", status), Fix: fixCallbackOther}
	}
}

// httpClient is a copy of the client every request of the doctor uses.
func (d *doctor) httpClient() *http.Client {
	if d.opts.HTTPClient != nil {
		c := *d.opts.HTTPClient
		return &c
	}
	return &http.Client{}
}

// probeCode is the authorization code the token endpoint check exchanges:
// made up, so Google can only refuse it.
const probeCode = "onboard-doctor-probe"

// tokenEndpoint exchanges a made-up code with the client's id and secret,
// through golang.org/x/oauth2 as the server does. Google checks the
// client before the code: a known client with the right secret gets 400
// invalid_grant, a wrong secret or a deleted client 401 invalid_client
// (https://developers.google.com/identity/protocols/oauth2/web-server,
// "Exchange authorization code for refresh and access tokens").
func (d *doctor) tokenEndpoint(ctx context.Context) (string, error) {
	o := d.cfg.OAuth
	conf := &oauth2.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: o.RedirectURL,
		Endpoint: oauth2.Endpoint{AuthURL: o.AuthURL, TokenURL: o.TokenURL, AuthStyle: oauth2.AuthStyleInParams}}
	_, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, d.httpClient()), probeCode)
	re, ok := errors.AsType[*oauth2.RetrieveError](err)
	switch {
	case err == nil:
		return "", &Problem{What: o.TokenURL + " gave a token for a made-up code: it is not Google's token endpoint",
			Fix: fixOAuthTokenURL}
	case !ok:
		return "", &Problem{What: "no answer from " + o.TokenURL, Err: err, Fix: fixOAuthTokenUnreachable}
	case re.ErrorCode == "invalid_grant":
		return o.TokenURL + " answered invalid_grant to a made-up code, as expected: it knows the client and its secret", nil
	case re.ErrorCode == "invalid_client" || re.Response.StatusCode == http.StatusUnauthorized:
		return "", &Problem{What: o.TokenURL + " refused the client (" + orStatus(re) + "): OAUTH_CLIENT_ID and " +
			"OAUTH_CLIENT_SECRET are not one existing client's", Fix: fixOAuthClientRefused}
	case re.ErrorCode == "unauthorized_client":
		return "", &Problem{What: o.TokenURL + " answered unauthorized_client: this client may not exchange codes",
			Fix: fixOAuthClientType}
	case re.Response.StatusCode >= 500:
		return "", &Problem{What: fmt.Sprintf("%s answered HTTP %d", o.TokenURL, re.Response.StatusCode), Fix: fixRetry}
	case re.ErrorCode != "":
		return "", &Problem{Warn: true, What: o.TokenURL + " answered " + orStatus(re) + " to a made-up code",
			Fix: noteTokenOther}
	}
	return "", &Problem{What: fmt.Sprintf("%s answered HTTP %d without an OAuth error: it is not Google's token endpoint",
		o.TokenURL, re.Response.StatusCode), Fix: fixOAuthTokenURL}
}

func orStatus(re *oauth2.RetrieveError) string {
	if re.ErrorCode != "" {
		return re.ErrorCode
	}
	return fmt.Sprintf("HTTP %d", re.Response.StatusCode)
}

// grantKeys counts the stored grants by the key that sealed them; the
// grants are never opened here.
func (d *doctor) grantKeys(ctx context.Context) (string, error) {
	gs, err := d.store.Grants(ctx)
	if err != nil {
		return "", &Problem{What: "could not read the grants", Err: err, Fix: fixDatabaseConnect}
	}
	current, previous, err := keyIDsOf(d.cfg.OAuth)
	if err != nil {
		return "", err
	}
	var onCurrent, onPrevious int
	var unknown []string
	for _, g := range gs {
		switch g.KeyID {
		case current:
			onCurrent++
		case previous:
			onPrevious++
		default:
			unknown = append(unknown, g.ChatUser)
		}
	}
	switch {
	case len(unknown) > 0:
		return "", &Problem{What: fmt.Sprintf("%d of %s sealed with a key that is not configured (%s): Onboard cannot act "+
			"for them until they connect again", len(unknown), plural(len(gs), "grant"), strings.Join(unknown, ", ")),
			Fix: fixGrantsUnknownKey}
	case onPrevious > 0:
		return "", &Problem{Warn: true, What: fmt.Sprintf("%d of %s still sealed with TOKEN_ENCRYPTION_KEY_PREVIOUS",
			onPrevious, plural(len(gs), "grant")), Fix: noteGrantsPrevious}
	case previous != "":
		return "", &Problem{Warn: true, What: fmt.Sprintf("all %s sealed with the current key; "+
			"TOKEN_ENCRYPTION_KEY_PREVIOUS is not needed any more", plural(len(gs), "grant")), Fix: notePreviousUnused}
	case len(gs) == 0:
		return "nobody has connected a Google account yet", nil
	}
	return fmt.Sprintf("%s, all sealed with the current key %s", plural(onCurrent, "grant"), current), nil
}
