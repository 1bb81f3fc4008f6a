package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/store"
)

// Check names, as printed; Needs refers to them.
const (
	nameConfig      = "configuration valid"
	nameCredentials = "credentials load"
	nameAPI         = "Chat API answers"
	nameSpaces      = "app can list its spaces"
	nameApproval    = "admin approval"
	nameKeys        = "verification keys can be fetched"
	nameAudience    = "audience looks right"
	nameCallers     = "trusted callers"
	nameDatabase    = "database connects"
	nameSchema      = "database schema is current"
	nameRiver       = "job queue tables present"
)

// tokenName is the name of the token check for scope.
func tokenName(scope string) string { return "access token for " + shortScope(scope) }

func shortScope(scope string) string {
	return strings.TrimPrefix(scope, "https://www.googleapis.com/auth/")
}

// probeSpace is the made-up space the approval check asks about when the
// app is in none: a space name of the real shape that exists nowhere.
const probeSpace = "spaces/AAAAAAAAAAA"

// doctor holds what one run has learnt so far; checks run in order.
type doctor struct {
	cfg      config.Config
	opts     Options
	api      chatapi.Options
	identity chatapi.Identity // from the credentials check
	spaces   []bot.Space      // from the spaces check
	store    *store.Store     // from the database check; closed by close
	status   *store.SchemaStatus
}

func newDoctor(cfg config.Config, opts Options) *doctor {
	return &doctor{cfg: cfg, opts: opts, api: chatapi.Options{Endpoint: cfg.APIEndpoint,
		CredentialsFile: cfg.CredentialsFile, HTTPClient: opts.HTTPClient,
		MaxAttempts: 1}} // report what is true now; the server retries, the doctor does not
}

// close releases what the checks opened.
func (d *doctor) close() {
	if d.store != nil {
		d.store.Close()
	}
}

// checks returns the checks, in the order they run.
func (d *doctor) checks() []Check {
	checks := []Check{
		{Name: nameConfig, Run: d.configuration, Fix: fixConfig},
		{Name: nameCredentials, Needs: []string{nameConfig}, Run: d.credentials},
	}
	for _, scope := range chatapi.Scopes() {
		checks = append(checks, Check{Name: tokenName(scope), Needs: []string{nameCredentials}, Run: d.token(scope)})
	}
	// The audience and the trusted callers are judged even when the
	// configuration is not valid: their advice is more precise than
	// config's. Without an audience, config has said it all.
	audience := Check{Name: nameAudience, Run: d.audience}
	callers := Check{Name: nameCallers, Run: d.callers}
	if d.cfg.Audience == "" {
		audience.Needs, callers.Needs = []string{nameConfig}, []string{nameConfig}
	}
	checks = append(checks,
		Check{Name: nameAPI, Needs: []string{nameConfig}, Run: d.ping},
		Check{Name: nameSpaces, Needs: []string{tokenName(chatapi.ScopeBot), nameAPI}, Run: d.listSpaces, Fix: fixChatApp},
		Check{Name: nameApproval, Needs: []string{tokenName(chatapi.ScopeMemberships), nameSpaces}, Run: d.approval, Fix: fixApproval},
		Check{Name: nameKeys, Needs: []string{nameConfig}, Run: d.keys},
		audience,
		callers,
		Check{Name: nameDatabase, Needs: []string{nameConfig}, Run: d.database},
		Check{Name: nameSchema, Needs: []string{nameDatabase}, Run: d.schema},
		Check{Name: nameRiver, Needs: []string{nameDatabase}, Run: d.riverTables},
	)
	if d.cfg.OAuth.Enabled() {
		checks = append(checks, d.oauthChecks()...)
	}
	return checks
}

func (d *doctor) configuration(context.Context) (string, error) {
	if err := d.opts.ConfigErr; err != nil {
		return "", &Problem{What: "the environment is not a valid configuration:\n" + bulleted(err)}
	}
	if d.cfg.Demo {
		return "", &Problem{What: "none of the deployment's variables is set: this environment would run the local demo",
			Fix: fixDemo}
	}
	mode := "HTTP endpoint URL audience"
	if !d.cfg.URLMode() {
		mode = "project number audience"
	}
	return fmt.Sprintf("%s; Chat API at %s", mode, d.cfg.APIEndpoint), nil
}

// bulleted lists the errors joined in err, one per line.
func bulleted(err error) string {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		lines = append(lines, "  - "+redact(e.Error()))
	}
	return strings.Join(lines, "\n")
}

func (d *doctor) credentials(ctx context.Context) (string, error) {
	id, err := chatapi.FindCredentials(ctx, d.api)
	d.identity = id
	if err != nil {
		return "", credentialsProblem(id, err)
	}
	return fmt.Sprintf("service account %s (%s)", id.Email, where(id)), nil
}

// where says where credentials came from, e.g. "key file /etc/sa.json".
func where(id chatapi.Identity) string {
	switch id.Source {
	case chatapi.SourceKeyFile:
		return "key file " + id.Path
	case chatapi.SourceMetadata:
		return "Application Default Credentials from the metadata server"
	case chatapi.SourceADCFile:
		return "Application Default Credentials file"
	}
	return "Application Default Credentials"
}

func credentialsProblem(id chatapi.Identity, err error) error {
	p := &Problem{Err: err}
	switch {
	case id.Source == "":
		p.What, p.Fix = "no Application Default Credentials found (GOOGLE_APPLICATION_CREDENTIALS is not set)", fixNoCredentials
	case id.Type != "" && id.Type != "service_account":
		p.What = fmt.Sprintf("the %s holds a %q credential, not a service account", where(id), id.Type)
		p.Fix = fixNotServiceAccount
	case id.Source == chatapi.SourceMetadata:
		p.What, p.Fix = "the metadata server did not say which service account this is", fixMetadata
	default:
		p.What, p.Fix = "cannot use the "+where(id), fixKeyFile
	}
	return p
}

func (d *doctor) token(scope string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		err := chatapi.CheckToken(ctx, d.api, scope)
		if err == nil {
			return "granted", nil
		}
		endpoint := "the metadata server"
		if d.identity.TokenURI != "" {
			endpoint = d.identity.TokenURI
		}
		switch bot.KindOf(err) {
		case bot.KindTransient, bot.KindRateLimited:
			return "", &Problem{What: "no usable answer from the token endpoint, " + endpoint, Err: err,
				Fix: fmt.Sprintf(fixTokenUnreachable, endpoint)}
		case bot.KindDenied:
			return "", &Problem{What: fmt.Sprintf("%s refused a token for %s", endpoint, shortScope(scope)), Err: err,
				Fix: fmt.Sprintf(fixTokenRefused, d.identity.Email)}
		}
		return "", &Problem{What: "could not mint a token for " + shortScope(scope), Err: err,
			Fix: fmt.Sprintf(fixTokenRefused, d.identity.Email)}
	}
}
