package doctor

// The words of every fix and note, in one place. Console paths follow
// Google's pages cited beside them (and docs/chat-platform.md §8); a fix
// says what to do, where, and what to run.

const fixConfig = `Set the variables the server is deployed with (README.md, "Configuration", lists them), then run
the doctor again with exactly the server's environment. On Cloud Run, see them with
gcloud run services describe onboard --region REGION --format='yaml(spec.template.spec.containers[0].env)'`

const fixDemo = `The doctor checks a deployment, so it needs the deployment's environment: at least CHAT_AUDIENCE,
and GOOGLE_APPLICATION_CREDENTIALS unless the platform provides the credentials (Cloud Run's
service account). Run it where the server runs, or with the same variables exported.`

const fixNoCredentials = `On Cloud Run: deploy with the Chat app's service account as the service identity
(gcloud run deploy onboard --service-account SA_EMAIL …); credentials then come from the metadata server.
Elsewhere: set GOOGLE_APPLICATION_CREDENTIALS to that service account's JSON key file.`

const fixNotServiceAccount = `Chat's app authentication (chat.bot) accepts only a service account — not your own gcloud login
and not domain-wide delegation. Use the Chat app's service account: its JSON key in
GOOGLE_APPLICATION_CREDENTIALS, or on Cloud Run the service identity (--service-account).`

const fixKeyFile = `Point GOOGLE_APPLICATION_CREDENTIALS at the Chat app's service account JSON key, readable by the user
the server runs as (Cloud console › IAM & Admin › Service Accounts › the account › Keys › Add key ›
Create new key › JSON). On Cloud Run prefer no key file: unset the variable and deploy with --service-account.`

const fixMetadata = `On Cloud Run the service must run as the Chat app's service account:
gcloud run services describe onboard --region REGION --format='value(spec.template.spec.serviceAccountName)'.
Off Google Cloud, unset GCE_METADATA_HOST and use a key file (GOOGLE_APPLICATION_CREDENTIALS).`

// fixTokenUnreachable takes the token endpoint.
const fixTokenUnreachable = `Allow outbound HTTPS from the server to %s (VPC egress, firewall or proxy),
then run the doctor again. A 5xx from Google passes: retry in a few minutes.`

// fixTokenRefused takes the service account's email.
const fixTokenRefused = `The service account or its key is not valid any more. In the Cloud console › IAM & Admin ›
Service Accounts, open %s:
check the account is enabled and that the key file's private_key_id is listed under Keys. If not,
create a new JSON key and replace the file — or, on Cloud Run, drop the key file and use the service
identity. If only one scope is refused, the key is fine: the answer under "cause" names the problem.`

const fixAPIUnreachable = `Allow outbound HTTPS from the server to chat.googleapis.com (VPC egress, firewall or proxy).
If CHAT_API_ENDPOINT is set, check it; normally leave it unset (https://chat.googleapis.com/).`

const fixAPIFailing = `Google's side is failing: retry in a few minutes, and see https://www.google.com/appsstatus/dashboard/.
If CHAT_API_ENDPOINT points at a proxy, check the proxy.`

const fixRetry = `A passing failure or a quota: run the doctor again in a minute. If it persists, see
https://www.google.com/appsstatus/dashboard/.`

const fixChatApp = `The Chat API must be enabled and configured as a Chat app in the service account's own project:
Cloud console › APIs & Services › Library › Google Chat API › Enable, then APIs & Services ›
Google Chat API › Configuration (app name, avatar, description, HTTP endpoint URL, App status: Live).
The credentials must be a service account of that project.`

const fixApproval = ApprovalSteps + `Then run the doctor again; a new grant can take a while to take effect.`

// ApprovalSteps are the steps of the one-time admin approval of
// chat.app.memberships, as Google's pages give them today:
// https://developers.google.com/workspace/chat/authenticate-authorize-chat-app
// ("Receive administrator approval"), https://support.google.com/a/answer/15137461,
// and Google's app-authentication sample
// https://github.com/googleworkspace/google-chat-samples/blob/main/apps-script/incident-response-app-auth/README.md,
// which says not to enter chat.bot among the Marketplace SDK's scopes and
// publishes the Store Listing. deploy/README.md and deploy/setup.sh say
// the same; internal/deploytest keeps the three in step.
const ApprovalSteps = `chat.app.memberships needs a one-time approval by a Workspace super administrator:
1. In the app's Cloud project: IAM & Admin › Service Accounts › the account Onboard runs as › Advanced settings ›
   Create Google Workspace Marketplace-compatible OAuth client.
2. APIs & Services › Library › Google Workspace Marketplace SDK › Enable; then its App Configuration:
   visibility Private, installation Individual + admin install, App integrations Chat app, OAuth scopes
   https://www.googleapis.com/auth/chat.app.memberships only — do not enter https://www.googleapis.com/auth/chat.bot
   there (it needs no approval); developer details; Save draft.
3. Google Workspace Marketplace SDK › Store Listing: fill it in and click Publish (visibility Private keeps the
   app to your organization).
4. A super administrator opens the Admin console › Apps › Google Workspace Marketplace apps ›
   Apps list › the app › Data access › Grant access — at the root organizational unit
   (app permissions cannot be granted per organizational unit).
`

const noteNoSpace = `Only a space the app is in can confirm the approval. Add the app to a space (in Chat: the space's
name › Apps & integrations › Add apps), then run the doctor again.`

// fixKeys takes the variable that overrides the key URL.
const fixKeys = `Until the server can fetch them it answers every request from Chat with 401. Allow outbound HTTPS
from the server to www.googleapis.com (VPC egress, firewall or proxy). If %s is set, unset it:
the default is Google's.`

const fixAudience = `Set CHAT_AUDIENCE to the Authentication Audience chosen on the Chat API configuration page
(Cloud console › APIs & Services › Google Chat API › Configuration › Connection settings):
the HTTP endpoint URL (https://…) exactly as typed there, or the project number (digits, on the
project's dashboard).`

const fixAudienceHTTPS = `Chat delivers only to a public https:// URL. Use the service's public URL exactly as on the Chat API
configuration page, e.g. Cloud Run's https://onboard-….run.app.`

const noteTrailingSlash = `CHAT_AUDIENCE must match the Chat API configuration page's HTTP endpoint URL byte for byte, slash
included. Cloud Run's URL has no trailing slash unless you typed one: if the page says
https://….run.app, remove the slash here (or add it there).`

const notePath = `Onboard answers Chat at / only: Chat will POST to this path, which it does not serve unless a
proxy or load balancer rewrites it. The URL must also match the configuration page byte for byte.`

const noteAddonUnset = `Google's current "Verify requests from Google Chat" page says Chat signs its requests as the
project's add-on service agent; the older one says chat@system.gserviceaccount.com. Both are live. If
Chat's requests are refused with 401, set (deploy/setup.sh does)
  CHAT_ADDON_SERVICE_ACCOUNT=%s
and, on a private Cloud Run service, grant that account roles/run.invoker. The console shows the address
under APIs & Services › Google Chat API › Configuration › Connection settings (service account email).
The project number: %s`

const fixAddonShape = `CHAT_ADDON_SERVICE_ACCOUNT takes exactly one address — no pattern, no list, no spaces:
  %s
with this project's number (%s). Onboard never trusts another project's agent.`

const fixAddonOtherProject = `Set the agent of the project whose Google Chat API configuration page sets the app up (normally
the one Onboard runs in; re-running deploy/setup.sh sets it):
  CHAT_ADDON_SERVICE_ACCOUNT=%s
To check a project's number: %s`

const fixAddonProjectMode = `Unset CHAT_ADDON_SERVICE_ACCOUNT, or switch to the HTTP endpoint URL audience (CHAT_AUDIENCE=https://…, and
the same on the Chat API configuration page).`

const fixDatabaseFile = `Set DATABASE_URL to the database the server uses, exactly as it has it. On Cloud Run and App Engine that is
postgres://… (from the Secret Manager secret; deploy/README.md, "Check it"): an SQLite file lives on one machine.`

const fixDatabaseConnect = `Check DATABASE_URL is the server's, from the same secret: on Cloud Run,
gcloud run services describe onboard --region REGION --format='yaml(spec.template.spec.containers[0].env)'
names the secret. For Cloud SQL through /cloudsql/…, the job or service needs the instance attached
(--set-cloudsql-instances PROJECT:REGION:INSTANCE) and its account roles/cloudsql.client; elsewhere, allow
the connection (network, firewall, authorized networks) and check the user and password in the URL.`

const fixSchemaPending = `Onboard applies its migrations and River's when it starts. Deploy or restart the service with this
build and read its log: a failed migration is logged as "store: migrate …". Run the doctor from the same image
as the service, or it judges the schema against another build's migrations.`

const fixSchemaNewer = `Run the doctor from the image the service runs (deploy/setup.sh's onboard-doctor job does); an older build
cannot judge a newer schema. If the service itself is older than its database, deploy the newer build again.`

const fixRiverTables = `River's tables hold the queued invitations; Onboard creates them when it starts (River's own
migrations). Start the service with this DATABASE_URL, or check that the URL names the same database (and
search_path) the service uses.`

// The fixes of people's own Google accounts (oauth.go). Console paths follow
// https://developers.google.com/workspace/guides/configure-oauth-consent and
// https://support.google.com/cloud/answer/15549257 ("Manage OAuth Clients");
// deploy/README.md, "Letting people connect their Google account", says the same.

const fixOAuthClientID = `OAUTH_CLIENT_ID is the client id of a Web application OAuth client, NUMBER-….apps.googleusercontent.com:
Cloud console › Google Auth Platform › Clients (https://console.cloud.google.com/auth/clients) › the client.
Its secret belongs in OAUTH_CLIENT_SECRET, from Secret Manager — never in OAUTH_CLIENT_ID or a command line.`

const fixRedirect = `OAUTH_REDIRECT_URL is the public https URL of Onboard's sign-in callback: on Cloud Run the sign-in
service's URL + /oauth2/callback (deploy/setup.sh with --oauth-client-id prints it and sets it on both services).
Register exactly that URL among the client's Authorized redirect URIs (Google Auth Platform › Clients › the client).`

const noteRedirectLoopback = `http:// works only on this machine: Google accepts http:// redirect URIs for localhost only.
People's browsers elsewhere need the https URL of the sign-in service.`

const fixCallbackPrivate = `People who connect their account come back here from Google, in their own browser. On Cloud Run
the Chat service admits only Google Chat (roles/run.invoker) — do not open it to everyone for this. Deploy the
public sign-in service instead (deploy/setup.sh --oauth-client-id … does: the same image running "onboard signin",
--allow-unauthenticated) and set OAUTH_REDIRECT_URL to its URL + /oauth2/callback on the Chat service, the
sign-in service and the doctor job, and among the OAuth client's Authorized redirect URIs.`

const fixCallbackNotConfigured = `The service at this URL runs without OAUTH_CLIENT_ID, so it turns every sign-in away. Give it the same
OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY and DATABASE_URL as the Chat service (re-running
deploy/setup.sh with the OAuth flags does), or point OAUTH_REDIRECT_URL at the sign-in service.`

const fixCallbackUnreachable = `Check that OAUTH_REDIRECT_URL names the sign-in service, and that it is deployed:
gcloud run services describe onboard-signin --region REGION --format='value(status.url)'
(from a job, outbound HTTPS must be allowed). Until it answers, people who connect their account end on an
error page after Google's consent.`

const fixCallbackOther = `This URL answers, but not with Onboard's sign-in page. Point OAUTH_REDIRECT_URL at the sign-in service
(its URL + /oauth2/callback). If that service runs another build of Onboard, run the doctor from the same image
(the onboard-doctor job does): the page is compared word for word.`

const fixOAuthTokenUnreachable = `Allow outbound HTTPS from the server to oauth2.googleapis.com (VPC egress, firewall or proxy). If
GOOGLE_OAUTH_TOKEN_URL is set, unset it: the default is Google's.`

const fixOAuthTokenURL = `Unset GOOGLE_OAUTH_TOKEN_URL: the default, https://oauth2.googleapis.com/token, is Google's.`

const fixOAuthClientRefused = `OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET must be the id and a current secret of the same client, which must
still exist: Google Auth Platform › Clients (https://console.cloud.google.com/auth/clients) › the client.
After resetting the secret, add it to its Secret Manager secret (read -rs S; printf %s "$S" |
gcloud secrets versions add SECRET --data-file=-; unset S) and redeploy: instances read "latest" when they start.`

const fixOAuthClientType = `Create a client of type Web application (Google Auth Platform › Clients › Create client) with the
sign-in callback among its Authorized redirect URIs, and use its id and secret.`

const noteTokenOther = `Google's token endpoint normally answers invalid_grant to a made-up code. If sign-ins fail, read the
sign-in service's log ("oauth: code exchange failed").`

const fixGrantsUnknownKey = `Those grants were sealed with a key that is neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_PREVIOUS
(a rotation that skipped a step, or another deployment's key). If you still have that key, set it as
TOKEN_ENCRYPTION_KEY_PREVIOUS and run "onboard grants rekey"; otherwise "onboard grants revoke --user …" each of
them: they connect again with /connect (deploy/README.md, "Rotating the token key").`

const noteGrantsPrevious = `A key rotation is half done: run "onboard grants rekey" (on Cloud Run:
gcloud run jobs execute onboard-grants --region REGION --args=grants,rekey --wait),
then remove TOKEN_ENCRYPTION_KEY_PREVIOUS.`

const notePreviousUnused = `Remove TOKEN_ENCRYPTION_KEY_PREVIOUS from the Chat service, the sign-in service and the jobs
(gcloud run services update SERVICE --region REGION --remove-secrets TOKEN_ENCRYPTION_KEY_PREVIOUS).`
