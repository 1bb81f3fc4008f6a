package app

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/groups"
	"github.com/onboard-chat/onboard/internal/oauth"
)

// people lends people's own authority to the domain: their connections
// (internal/oauth), and the Chat API and Cloud Identity acting with their
// grants (internal/chatapi, internal/groups). It is wiring: it decides
// nothing.
type people struct {
	flow          *oauth.Flow
	api           chatapi.Options // endpoint and transport; each client acts with one person's grant
	cloudIdentity string
	base          http.RoundTripper

	mu      sync.Mutex
	clients map[bot.Authority]cachedClient

	// alsoHolding are the other people caches of this process (the jobs'
	// holds clients of its own): a disconnect must empty them too, or a
	// job could act with a grant its owner withdrew — until the cache
	// expires, when Google's revoke failed.
	alsoHolding []*people
}

// cachedClient keeps a person's client for a while, so a batch's jobs do
// not each refresh the grant; a revoked grant still shows at the next
// call (Google answers 401, the client refreshes, the refresh fails).
type cachedClient struct {
	client  *chatapi.Client
	expires time.Time
}

const clientTTL = 5 * time.Minute

var (
	_ bot.Connections = (*people)(nil)
	_ bot.Acting      = (*people)(nil)
)

func newPeople(flow *oauth.Flow, api chatapi.Options, cloudIdentity string) *people {
	base := http.RoundTripper(chatapi.Transport)
	if api.HTTPClient != nil && api.HTTPClient.Transport != nil {
		base = api.HTTPClient.Transport
	}
	return &people{flow: flow, api: api, cloudIdentity: cloudIdentity, base: base, clients: map[bot.Authority]cachedClient{}}
}

func (p *people) Connection(ctx context.Context, user string) (bot.Connection, error) {
	c, err := p.flow.Connection(ctx, user)
	if err != nil {
		return bot.Connection{}, err
	}
	return bot.Connection{Email: c.Email, Scopes: c.Scopes}, nil
}

func (p *people) SignInURL(ctx context.Context, r bot.SignInRequest) (string, error) {
	return p.flow.AuthURL(ctx, oauth.Request{ChatUser: r.User, Email: r.Email, Scopes: r.Scopes, CompleteURL: r.CompleteURL})
}

func (p *people) Disconnect(ctx context.Context, user string) (bool, error) {
	p.forget(user)
	return p.flow.Disconnect(ctx, user)
}

// Check refreshes user's grant now, past any cached client.
func (p *people) Check(ctx context.Context, user string) error {
	tokens, err := p.flow.TokenSource(ctx, user)
	if err != nil {
		return err
	}
	_, err = tokens.Token()
	return err
}

func (p *people) As(ctx context.Context, a bot.Authority) (bot.MembershipsRemover, error) {
	p.mu.Lock()
	c, ok := p.clients[a]
	p.mu.Unlock()
	if ok && time.Now().Before(c.expires) {
		return c.client, nil
	}
	tokens, err := p.flow.TokenSource(ctx, a.User)
	if err != nil {
		return nil, err
	}
	client, err := chatapi.NewForUser(ctx, p.api, tokens, a.Kind == bot.AsAdmin)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.clients[a] = cachedClient{client: client, expires: time.Now().Add(clientTTL)}
	p.mu.Unlock()
	return client, nil
}

func (p *people) LookupGroup(ctx context.Context, user, email string) (string, error) {
	tokens, err := p.flow.TokenSource(ctx, user)
	if err != nil {
		return "", err
	}
	return groups.Lookup(ctx, p.cloudIdentity, tokens, p.base, email)
}

// forget drops user's cached clients (they disconnected), here and in
// every cache that also holds them.
func (p *people) forget(user string) {
	p.mu.Lock()
	for a := range p.clients {
		if a.User == user {
			delete(p.clients, a)
		}
	}
	p.mu.Unlock()
	for _, other := range p.alsoHolding {
		other.forget(user)
	}
}
