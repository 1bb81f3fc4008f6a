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
