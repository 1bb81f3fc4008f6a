// Package config reads Onboard's configuration from the environment, once,
// into one struct that can describe itself with secrets hidden. It decides
// between a real deployment and the demo: the demo runs only when none of
// the contract's variables but PORT is set, and anything in between is an
// error that names what is missing — never a silent fallback.
package config

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/onboard-chat/onboard/bot"
)

// Config is the effective configuration.
type Config struct {
	Demo bool   // no contract variable set: run against the embedded chatfake
	Port int    // PORT, default 8080
	Host string // HOST: the interface to listen on; "" is every interface (Cloud Run needs that)
	Addr string // listen address: HOST:PORT, or 127.0.0.1:PORT for the demo

	Audience            string // CHAT_AUDIENCE: https URL (URL mode) or project number
	APIEndpoint         string // CHAT_API_ENDPOINT, ends with "/"
	CredentialsFile     string // GOOGLE_APPLICATION_CREDENTIALS; empty: ADC
	AddonServiceAccount string // CHAT_ADDON_SERVICE_ACCOUNT
	OrgDomains          []string
	Project             string // GOOGLE_CLOUD_PROJECT, for log trace fields
	GoogleCertsURL      string
	ChatCertsURL        string
	Policy              bot.InvitePolicy
	Commands            bot.CommandIDs
	// DatabaseURL is "sqlite:PATH" (the default, sqlite:onboard.db: one
	// instance) or "postgres://…" (several instances). A secret: it may
	// hold a password.
	DatabaseURL    string
	Admins         []string // ONBOARD_ADMINS: emails of the people who manage plans
	WritesPerMin   int      // CHAT_MEMBERSHIP_WRITES_PER_MIN: membership writes budget, default 300
	ManagedRuntime string   // K_SERVICE or GAE_SERVICE: running on Cloud Run / App Engine
	// RescueAfter (JOB_RESCUE_AFTER): a job running longer than this is
	// presumed to belong to a dead instance and is run again; default 2m.
	RescueAfter time.Duration
	// MetricsAddr (METRICS_ADDR) is where /metrics listens, never the
	// public port; "" when off.
	MetricsAddr string
	// AccessLog (ACCESS_LOG) is which answers get an access line: "all",
	// or "errors" (status 400 and up) where the platform logs every
	// request itself — the default on Cloud Run and App Engine.
	AccessLog string
	// Guardrails.
	AllowedSpaces     []string      // ALLOWED_SPACES: the only spaces Onboard may change (empty: any)
	Paused            bool          // ONBOARD_PAUSED=true: refuse every membership change
	CommandsPerMinute int           // COMMANDS_PER_MINUTE: per person, default 30
	AuditRetention    time.Duration // AUDIT_RETENTION_DAYS, default 365 days
	// PreviewOver (PREVIEW_OVER): a request naming more people than this
	// is previewed, and runs once confirmed, where a space's settings
	// say nothing; default 20, 0 never.
	PreviewOver int
	// DefaultLocale (DEFAULT_LOCALE) is the language of replies whose
	// readers' language is not known (a BCP 47 tag, e.g. zh-TW); "":
	// English.
	DefaultLocale string
	// DefaultTimeZone (DEFAULT_TIME_ZONE) is the zone of times shown when
	// Chat does not send the reader's (an IANA name, e.g. Asia/Taipei);
	// nil: UTC.
	DefaultTimeZone *time.Location

	// A person's own authority (OAuth); off when OAuth.ClientID is "".
	OAuth OAuth
	// AddUsersAs (ADD_USERS_AS) is whose authority adds people: "app"
	// (Onboard's own, app authentication) or "invoker" (the person who
	// asked, with their own grant).
	AddUsersAs string
}

// OAuth is the configuration of people's own authority. ClientSecret and
// the keys are secrets: Summary never shows them.
type OAuth struct {
	ClientID      string // OAUTH_CLIENT_ID: a "Web application" OAuth client
	ClientSecret  string // OAUTH_CLIENT_SECRET
	RedirectURL   string // OAUTH_REDIRECT_URL: …/oauth2/callback
	Key           []byte // TOKEN_ENCRYPTION_KEY: 32 bytes
	PreviousKey   []byte // TOKEN_ENCRYPTION_KEY_PREVIOUS, during a rotation
	AuthURL       string // GOOGLE_OAUTH_AUTH_URL
	TokenURL      string // GOOGLE_OAUTH_TOKEN_URL
	RevokeURL     string // GOOGLE_OAUTH_REVOKE_URL
	CloudIdentity string // CLOUD_IDENTITY_ENDPOINT, ends with "/"
}

// Enabled reports whether people can connect their own authority.
func (o OAuth) Enabled() bool { return o.ClientID != "" }

// Variables is the configuration contract: every variable Load reads, in
// README order.
var Variables = []string{"PORT", "HOST", "CHAT_AUDIENCE", "CHAT_API_ENDPOINT", "GOOGLE_APPLICATION_CREDENTIALS",
	"CHAT_ADDON_SERVICE_ACCOUNT", "ORG_DOMAINS", "GOOGLE_CLOUD_PROJECT", "GOOGLE_CERTS_URL", "CHAT_CERTS_URL",
	"INVITE_POLICY", "CHAT_COMMAND_IDS", "DATABASE_URL", "ONBOARD_ADMINS", "CHAT_MEMBERSHIP_WRITES_PER_MIN",
	"JOB_RESCUE_AFTER", "METRICS_ADDR", "ACCESS_LOG", "ALLOWED_SPACES", "ONBOARD_PAUSED", "COMMANDS_PER_MINUTE",
	"AUDIT_RETENTION_DAYS", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_REDIRECT_URL", "TOKEN_ENCRYPTION_KEY",
	"TOKEN_ENCRYPTION_KEY_PREVIOUS", "GOOGLE_OAUTH_AUTH_URL", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_OAUTH_REVOKE_URL",
	"CLOUD_IDENTITY_ENDPOINT", "ADD_USERS_AS", "PREVIEW_OVER", "DEFAULT_LOCALE", "DEFAULT_TIME_ZONE"}

// demoVariables may be set without leaving the demo: where it listens.
var demoVariables = map[string]bool{"PORT": true, "HOST": true}

// DefaultMetricsAddr keeps /metrics on the loopback interface: reachable by
// a sidecar in the same instance, never by the public route.
const DefaultMetricsAddr = "127.0.0.1:9464"

// ACCESS_LOG's values. Cloud Run and App Engine write a request log entry
// for every request, with the same fields and trace as our access line
// (https://cloud.google.com/run/docs/logging, "Request logs"; App
// Engine's request_log); writing a
// second one for every answered event cost a tenth of a /help's CPU
// (docs/performance.md).
const (
	AccessLogAll    = "all"
	AccessLogErrors = "errors"
)

// DefaultDatabaseURL is the embedded database of a single instance.
const DefaultDatabaseURL = "sqlite:onboard.db"

// Google's OAuth 2.0 and Cloud Identity endpoints
// (https://developers.google.com/identity/protocols/oauth2/web-server).
const (
	DefaultOAuthAuthURL   = "https://accounts.google.com/o/oauth2/v2/auth"
	DefaultOAuthTokenURL  = "https://oauth2.googleapis.com/token"
	DefaultOAuthRevokeURL = "https://oauth2.googleapis.com/revoke"
	DefaultCloudIdentity  = "https://cloudidentity.googleapis.com/"
)

const (
	DefaultAPIEndpoint    = "https://chat.googleapis.com/"
	DefaultGoogleCertsURL = "https://www.googleapis.com/oauth2/v3/certs"
	DefaultChatCertsURL   = "https://www.googleapis.com/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com"
)

var addonAgent = regexp.MustCompile(`^service-[0-9]+@gcp-sa-gsuiteaddons\.iam\.gserviceaccount\.com$`)

// Load reads the configuration through getenv. All problems are reported
// together.
func Load(getenv func(string) string) (Config, error) {
	c := Config{Port: 8080, APIEndpoint: DefaultAPIEndpoint, GoogleCertsURL: DefaultGoogleCertsURL,
		ChatCertsURL: DefaultChatCertsURL, Policy: bot.PolicyManagers, Commands: bot.DefaultCommandIDs(),
		DatabaseURL: DefaultDatabaseURL, WritesPerMin: 300, RescueAfter: 2 * time.Minute,
		MetricsAddr: DefaultMetricsAddr, CommandsPerMinute: 30, AuditRetention: 365 * 24 * time.Hour,
		PreviewOver: bot.DefaultPreviewOver, AccessLog: AccessLogAll}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if p := getenv("PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 { // 0: any free port (tests)
			fail("PORT=%q: want a port number", p)
		}
		c.Port = n
	}
	c.Host = getenv("HOST")
	if c.Host != "" && !validHost(c.Host) {
		fail("HOST=%q: want an IP address or a host name, without a port (e.g. 127.0.0.1)", c.Host)
	}
	var set []string
	for _, v := range Variables {
		if !demoVariables[v] && getenv(v) != "" {
			set = append(set, v)
		}
	}
	if len(set) == 0 {
		c.Demo = true
		// The demo listens on the loopback interface unless told otherwise:
		// it trusts any caller that has its keys.
		c.Addr = net.JoinHostPort(cmp.Or(c.Host, "127.0.0.1"), strconv.Itoa(c.Port))
		return c, errors.Join(errs...)
	}
	c.Addr = net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	c.loadAudience(getenv, set, fail)
	c.loadRest(getenv, fail)
	return c, errors.Join(errs...)
}

func (c *Config) loadAudience(getenv func(string) string, set []string, fail func(string, ...any)) {
	c.Audience = getenv("CHAT_AUDIENCE")
	c.AddonServiceAccount = getenv("CHAT_ADDON_SERVICE_ACCOUNT")
	switch {
	case c.Audience == "":
		fail("CHAT_AUDIENCE is required when any of %s is set: the Chat API configuration page's "+
			"authentication audience — your HTTP endpoint URL (https://…) or your project number. "+
			"Unset them all to run the local demo", strings.Join(set, ", "))
	case c.URLMode():
		if u, err := url.Parse(c.Audience); err != nil || u.Host == "" {
			fail("CHAT_AUDIENCE=%q: not a valid https URL", c.Audience)
		}
	case isDigits(c.Audience):
		if c.AddonServiceAccount != "" {
			fail("CHAT_ADDON_SERVICE_ACCOUNT is set but CHAT_AUDIENCE is a project number: add-on requests " +
				"are only signed for the HTTP endpoint URL audience")
		}
	default:
		fail("CHAT_AUDIENCE=%q: want your https:// endpoint URL or your numeric project number", c.Audience)
	}
	if c.AddonServiceAccount != "" && !addonAgent.MatchString(c.AddonServiceAccount) {
		fail("CHAT_ADDON_SERVICE_ACCOUNT=%q: want service-<PROJECT_NUMBER>@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
			c.AddonServiceAccount)
	}
}

func (c *Config) loadRest(getenv func(string) string, fail func(string, ...any)) {
	if v := getenv("CHAT_API_ENDPOINT"); v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fail("CHAT_API_ENDPOINT=%q: want an http(s) URL", v)
		}
		c.APIEndpoint = strings.TrimRight(v, "/") + "/"
	}
	c.CredentialsFile = getenv("GOOGLE_APPLICATION_CREDENTIALS")
	c.Project = getenv("GOOGLE_CLOUD_PROJECT")
	c.loadDatabase(getenv, fail)
	for _, a := range strings.Split(getenv("ONBOARD_ADMINS"), ",") {
		if a = strings.ToLower(strings.TrimSpace(a)); a == "" {
			continue
		} else if !strings.Contains(a, "@") {
			fail("ONBOARD_ADMINS: %q is not an email address", a)
		}
		c.Admins = append(c.Admins, a)
	}
	if v := getenv("CHAT_MEMBERSHIP_WRITES_PER_MIN"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			fail("CHAT_MEMBERSHIP_WRITES_PER_MIN=%q: want a positive number (Google's default quota is 300)", v)
		}
		c.WritesPerMin = n
	}
	c.loadGuardrails(getenv, fail)
	c.loadOAuth(getenv, fail)
	if v := getenv("JOB_RESCUE_AFTER"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			fail("JOB_RESCUE_AFTER=%q: want a duration of at least 1s, e.g. 2m", v)
		}
		c.RescueAfter = d
	}
	for _, d := range strings.Split(getenv("ORG_DOMAINS"), ",") {
		if d = strings.ToLower(strings.TrimSpace(d)); d == "" {
			continue
		} else if !strings.Contains(d, ".") || strings.ContainsAny(d, "@/ ") {
			fail("ORG_DOMAINS: %q is not a domain", d)
		}
		c.OrgDomains = append(c.OrgDomains, d)
	}
	for name, dst := range map[string]*string{"GOOGLE_CERTS_URL": &c.GoogleCertsURL, "CHAT_CERTS_URL": &c.ChatCertsURL} {
		if v := getenv(name); v != "" {
			if u, err := url.Parse(v); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
				fail("%s=%q: want an http(s) URL", name, v)
			}
			*dst = v
		}
	}
	if v := getenv("INVITE_POLICY"); v != "" {
		p, err := bot.ParseInvitePolicy(v)
		if err != nil {
			fail("INVITE_POLICY: %v", err)
		}
		c.Policy = p
	}
	if v := getenv("CHAT_COMMAND_IDS"); v != "" {
		ids, err := bot.ParseCommandIDs(v)
		if err != nil {
			fail("CHAT_COMMAND_IDS: %v", err)
		}
		c.Commands = ids
	}
}

func (c *Config) loadGuardrails(getenv func(string) string, fail func(string, ...any)) {
	switch v := getenv("METRICS_ADDR"); v {
	case "":
	case "off":
		c.MetricsAddr = ""
	default:
		c.MetricsAddr = v
	}
	if firstSet(getenv, "K_SERVICE", "GAE_SERVICE") != "" {
		c.AccessLog = AccessLogErrors
	}
	switch v := getenv("ACCESS_LOG"); v {
	case "":
	case AccessLogAll, AccessLogErrors:
		c.AccessLog = v
	default:
		fail("ACCESS_LOG=%q: want all or errors", v)
	}
	for _, sp := range strings.Split(getenv("ALLOWED_SPACES"), ",") {
		if sp = strings.TrimSpace(sp); sp == "" {
			continue
		} else if !strings.HasPrefix(sp, "spaces/") || strings.Count(sp, "/") != 1 {
			fail("ALLOWED_SPACES: %q is not a spaces/… name", sp)
		}
		c.AllowedSpaces = append(c.AllowedSpaces, sp)
	}
	switch v := strings.ToLower(getenv("ONBOARD_PAUSED")); v {
	case "", "false", "0", "no":
	case "true", "1", "yes":
		c.Paused = true
	default:
		fail("ONBOARD_PAUSED=%q: want true or false", v)
	}
	if v := getenv("COMMANDS_PER_MINUTE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			fail("COMMANDS_PER_MINUTE=%q: want a positive number", v)
		}
		c.CommandsPerMinute = n
	}
	if v := getenv("PREVIEW_OVER"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 500 {
			fail("PREVIEW_OVER=%q: want a number of people from 0 (never preview) to 500", v)
		}
		c.PreviewOver = n
	}
	if v := getenv("DEFAULT_LOCALE"); v != "" {
		tag, err := language.Parse(v)
		if err != nil {
			fail("DEFAULT_LOCALE=%q: want a language tag, e.g. en or zh-TW", v)
		}
		c.DefaultLocale = tag.String()
	}
	if v := getenv("DEFAULT_TIME_ZONE"); v != "" {
		loc, err := time.LoadLocation(v)
		if err != nil || v == "Local" {
			fail("DEFAULT_TIME_ZONE=%q: want a time zone name, e.g. Asia/Taipei or UTC", v)
		}
		c.DefaultTimeZone = loc
	}
	if v := getenv("AUDIT_RETENTION_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 36500 {
			fail("AUDIT_RETENTION_DAYS=%q: want a number of days", v)
		}
		c.AuditRetention = time.Duration(n) * 24 * time.Hour
	}
}

func (c *Config) loadDatabase(getenv func(string) string, fail func(string, ...any)) {
	if v := getenv("DATABASE_URL"); v != "" {
		c.DatabaseURL = v
	}
	c.ManagedRuntime = firstSet(getenv, "K_SERVICE", "GAE_SERVICE")
	switch {
	case strings.HasPrefix(c.DatabaseURL, "postgres://"), strings.HasPrefix(c.DatabaseURL, "postgresql://"):
	case strings.HasPrefix(c.DatabaseURL, "sqlite:") && len(c.DatabaseURL) > len("sqlite:"):
		if c.ManagedRuntime != "" {
			fail("DATABASE_URL must be postgres://… on Cloud Run and App Engine (%s is set): an SQLite file lives "+
				"in one instance's memory and dies with it, taking queued invitations with it", c.ManagedRuntime)
		}
	default:
		fail("DATABASE_URL: want sqlite:PATH or postgres://…")
	}
}

func firstSet(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if getenv(n) != "" {
			return n
		}
	}
	return ""
}

// URLMode reports whether requests carry Google ID tokens for the endpoint
// URL (rather than project-number tokens).
func (c Config) URLMode() bool { return strings.HasPrefix(c.Audience, "https://") }

// Summary lists the effective configuration for the start-up log, with
// secrets hidden (the database URL's password).
func (c Config) Summary() map[string]string {
	m := map[string]string{
		"PORT": strconv.Itoa(c.Port), "HOST": c.Host, "CHAT_AUDIENCE": c.Audience, "CHAT_API_ENDPOINT": c.APIEndpoint,
		"GOOGLE_APPLICATION_CREDENTIALS": c.CredentialsFile, "CHAT_ADDON_SERVICE_ACCOUNT": c.AddonServiceAccount,
		"ORG_DOMAINS": strings.Join(c.OrgDomains, ","), "GOOGLE_CLOUD_PROJECT": c.Project,
		"GOOGLE_CERTS_URL": c.GoogleCertsURL, "CHAT_CERTS_URL": c.ChatCertsURL,
		"INVITE_POLICY": string(c.Policy), "CHAT_COMMAND_IDS": c.Commands.String(),
		"DATABASE_URL": redactURL(c.DatabaseURL), "ONBOARD_ADMINS": strings.Join(c.Admins, ","),
		"CHAT_MEMBERSHIP_WRITES_PER_MIN": strconv.Itoa(c.WritesPerMin), "JOB_RESCUE_AFTER": c.RescueAfter.String(),
		"METRICS_ADDR": c.MetricsAddr, "ACCESS_LOG": c.AccessLog, "ALLOWED_SPACES": strings.Join(c.AllowedSpaces, ","),
		"ONBOARD_PAUSED": strconv.FormatBool(c.Paused), "COMMANDS_PER_MINUTE": strconv.Itoa(c.CommandsPerMinute),
		"AUDIT_RETENTION_DAYS": strconv.Itoa(int(c.AuditRetention.Hours() / 24)),
		"OAUTH_CLIENT_ID":      c.OAuth.ClientID, "OAUTH_CLIENT_SECRET": hidden(c.OAuth.ClientSecret != ""),
		"OAUTH_REDIRECT_URL": c.OAuth.RedirectURL, "TOKEN_ENCRYPTION_KEY": hidden(c.OAuth.Key != nil),
		"TOKEN_ENCRYPTION_KEY_PREVIOUS": hidden(c.OAuth.PreviousKey != nil), "GOOGLE_OAUTH_AUTH_URL": c.OAuth.AuthURL,
		"GOOGLE_OAUTH_TOKEN_URL": c.OAuth.TokenURL, "GOOGLE_OAUTH_REVOKE_URL": c.OAuth.RevokeURL,
		"CLOUD_IDENTITY_ENDPOINT": c.OAuth.CloudIdentity, "ADD_USERS_AS": c.AddUsersAs,
		"PREVIEW_OVER": strconv.Itoa(c.PreviewOver), "DEFAULT_LOCALE": c.DefaultLocale,
		"DEFAULT_TIME_ZONE": zoneName(c.DefaultTimeZone),
	}
	if c.CredentialsFile == "" {
		m["GOOGLE_APPLICATION_CREDENTIALS"] = "(unset: Application Default Credentials)"
	}
	return m
}

// zoneName is the zone's IANA name; "" for none.
func zoneName(z *time.Location) string {
	if z == nil {
		return ""
	}
	return z.String()
}

// hidden stands for a secret in Summary: whether it is set, never what.
func hidden(set bool) string {
	if set {
		return "(set, hidden)"
	}
	return "(unset)"
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(set, unparsable)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// validHost accepts an IP address or a DNS host name: what net.Listen
// takes before the port.
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
