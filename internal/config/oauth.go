package config

import (
	"net/url"
	"strings"

	"github.com/onboard-chat/onboard/internal/oauth"
)

// loadOAuth reads people's own authority. Without OAUTH_CLIENT_ID it is
// off, and a variable that only makes sense with it is an error rather
// than silently ignored.
func (c *Config) loadOAuth(getenv func(string) string, fail func(string, ...any)) {
	o := OAuth{ClientID: getenv("OAUTH_CLIENT_ID"), ClientSecret: getenv("OAUTH_CLIENT_SECRET"),
		RedirectURL: getenv("OAUTH_REDIRECT_URL"), AuthURL: DefaultOAuthAuthURL, TokenURL: DefaultOAuthTokenURL,
		RevokeURL: DefaultOAuthRevokeURL, CloudIdentity: DefaultCloudIdentity}
	c.AddUsersAs = "app"
	switch v := getenv("ADD_USERS_AS"); v {
	case "", "app":
	case "invoker":
		c.AddUsersAs = v
		if o.ClientID == "" {
			fail("ADD_USERS_AS=invoker needs OAUTH_CLIENT_ID: people are added with their own Google grant")
		}
	default:
		fail("ADD_USERS_AS=%q: want app or invoker", v)
	}
	if o.ClientID == "" {
		for _, v := range []string{"OAUTH_CLIENT_SECRET", "OAUTH_REDIRECT_URL", "TOKEN_ENCRYPTION_KEY",
			"TOKEN_ENCRYPTION_KEY_PREVIOUS"} {
			if getenv(v) != "" {
				fail("%s is set but OAUTH_CLIENT_ID is not: set both to let people connect their Google accounts", v)
			}
		}
		return
	}
	if o.ClientSecret == "" {
		fail("OAUTH_CLIENT_SECRET is required with OAUTH_CLIENT_ID (the Web application client's secret)")
	}
	c.loadOAuthKeys(&o, getenv, fail)
	for name, dst := range map[string]*string{"GOOGLE_OAUTH_AUTH_URL": &o.AuthURL, "GOOGLE_OAUTH_TOKEN_URL": &o.TokenURL,
		"GOOGLE_OAUTH_REVOKE_URL": &o.RevokeURL, "CLOUD_IDENTITY_ENDPOINT": &o.CloudIdentity} {
		if v := getenv(name); v != "" {
			if !httpURL(v) {
				fail("%s=%q: want an http(s) URL", name, v)
			}
			*dst = v
		}
	}
	o.CloudIdentity = strings.TrimRight(o.CloudIdentity, "/") + "/"
	c.OAuth = o
	c.loadRedirect(fail)
}

func (c *Config) loadOAuthKeys(o *OAuth, getenv func(string) string, fail func(string, ...any)) {
	var err error
	if v := getenv("TOKEN_ENCRYPTION_KEY"); v == "" {
		fail("TOKEN_ENCRYPTION_KEY is required with OAUTH_CLIENT_ID: 32 random bytes, base64 " +
			"(openssl rand -base64 32), that seal people's refresh tokens")
	} else if o.Key, err = oauth.ParseKey(v); err != nil {
		fail("TOKEN_ENCRYPTION_KEY: %v", err)
	}
	if v := getenv("TOKEN_ENCRYPTION_KEY_PREVIOUS"); v != "" {
		if o.PreviousKey, err = oauth.ParseKey(v); err != nil {
			fail("TOKEN_ENCRYPTION_KEY_PREVIOUS: %v", err)
		}
	}
}

// loadRedirect defaults OAUTH_REDIRECT_URL to the endpoint's origin plus
// /oauth2/callback in URL mode; a project number names no origin, so
// there it is required.
func (c *Config) loadRedirect(fail func(string, ...any)) {
	o := &c.OAuth
	if o.RedirectURL == "" {
		u, err := url.Parse(c.Audience)
		if !c.URLMode() || err != nil || u.Host == "" {
			fail("OAUTH_REDIRECT_URL is required when CHAT_AUDIENCE is a project number: the public https URL " +
				"of /oauth2/callback, registered with the OAuth client")
			return
		}
		o.RedirectURL = "https://" + u.Host + CallbackPath
		return
	}
	u, err := url.Parse(o.RedirectURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))) ||
		u.Path != CallbackPath || u.RawQuery != "" || u.Fragment != "" {
		fail("OAUTH_REDIRECT_URL=%q: want https://HOST%s (http only on localhost)", o.RedirectURL, CallbackPath)
	}
}

// CallbackPath is the path of the sign-in callback (fixed; handlers
// serves it).
const CallbackPath = "/oauth2/callback"

func httpURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http")
}

func loopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
