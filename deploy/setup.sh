#!/usr/bin/env bash
# setup.sh — from an empty Google Cloud project to Onboard running on Cloud Run,
# then the exact words to paste into the Chat API configuration page.
#
#   deploy/setup.sh --project ID --region REGION --database-url-secret NAME
#                   [--cloudsql-instance PROJECT:REGION:INSTANCE] [--service onboard]
#                   [--audience url|project] [--dry-run]
#
# Onboard keeps its jobs in PostgreSQL on Cloud Run (it refuses SQLite there:
# the file would die with the instance). The database URL holds a password, so
# it never passes through this script: it lives in a Secret Manager secret,
# named by --database-url-secret, that Cloud Run injects as DATABASE_URL.
# Without that flag the script prints how to create the database and the
# secret, and stops before running anything.
#
# Safe to run again: every step looks before it creates, "already exists" is
# success, IAM bindings are added only if missing, and environment variables
# and secrets are updated, never replaced, so settings added by hand
# (ORG_DOMAINS, ONBOARD_ADMINS, …) survive a re-run.
# --dry-run prints every gcloud command, prefixed "+ ", and runs none of them;
# answers it would have read are shown as <SERVICE_URL>, <PROJECT_NUMBER>,
# and a missing --database-url-secret as <DATABASE_URL_SECRET>.
# See deploy/README.md for the whole path, including the admin approval.
set -euo pipefail

readonly SA_NAME=onboard-app
readonly REPOSITORY=onboard
readonly CHAT_SA=chat@system.gserviceaccount.com
readonly APIS=(chat.googleapis.com run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com
  secretmanager.googleapis.com sqladmin.googleapis.com)
# Before the first deploy the service URL is unknown; the service starts with
# this audience (it accepts no token) and is updated as soon as the URL is read.
readonly PENDING_AUDIENCE=https://audience-pending.invalid

# What a dry run without --database-url-secret shows in the secret's place.
readonly PENDING_SECRET="<DATABASE_URL_SECRET>"

PROJECT="" REGION="" SERVICE=onboard AUDIENCE_MODE=url DRY_RUN=0 DB_SECRET="" CLOUDSQL_INSTANCE=""

usage() {
  cat <<'EOF'
usage: deploy/setup.sh --project ID --region REGION --database-url-secret NAME
                       [--cloudsql-instance PROJECT:REGION:INSTANCE] [--service onboard]
                       [--audience url|project] [--dry-run]

  --project   Google Cloud project id (it must exist, with billing enabled)
  --region    Cloud Run region, e.g. europe-west1
  --database-url-secret
              Secret Manager secret (its name, never the URL) holding Onboard's
              postgres:// URL; the service gets it as DATABASE_URL and its
              account may read it. Required: run without it to see how to
              create the database and the secret.
  --cloudsql-instance
              the Cloud SQL instance that URL points to (PROJECT:REGION:INSTANCE):
              the service connects through /cloudsql/… and its account gets
              roles/cloudsql.client. Leave out for a database elsewhere.
  --service   Cloud Run service name (default: onboard)
  --audience  url: Chat signs for the service URL; the service stays private and
                   only chat@system.gserviceaccount.com may invoke it (default)
              project: Chat signs for the project number; Cloud Run IAM cannot
                   check that token, so the service allows unauthenticated
                   calls and Onboard verifies every request itself
  --dry-run   print the gcloud commands without running any
EOF
}

die() {
  printf 'setup.sh: %s\n' "$*" >&2
  exit 1
}

need_value() { # flag, number of remaining args
  [[ $2 -ge 2 ]] || die "$1 needs a value (see --help)"
}

parse_args() {
  while [[ $# -gt 0 ]]; do
    case $1 in
      --project) need_value "$1" $#; PROJECT=$2; shift 2 ;;
      --region) need_value "$1" $#; REGION=$2; shift 2 ;;
      --service) need_value "$1" $#; SERVICE=$2; shift 2 ;;
      --audience) need_value "$1" $#; AUDIENCE_MODE=$2; shift 2 ;;
      --database-url-secret) need_value "$1" $#; DB_SECRET=$2; shift 2 ;;
      --cloudsql-instance) need_value "$1" $#; CLOUDSQL_INSTANCE=$2; shift 2 ;;
      --project=*) PROJECT=${1#*=}; shift ;;
      --region=*) REGION=${1#*=}; shift ;;
      --service=*) SERVICE=${1#*=}; shift ;;
      --audience=*) AUDIENCE_MODE=${1#*=}; shift ;;
      --database-url-secret=*) DB_SECRET=${1#*=}; shift ;;
      --cloudsql-instance=*) CLOUDSQL_INSTANCE=${1#*=}; shift ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $1" ;;
    esac
  done
  [[ -n $PROJECT ]] || { usage >&2; die "--project is required"; }
  [[ -n $REGION ]] || { usage >&2; die "--region is required"; }
  [[ $PROJECT =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] || die "--project $PROJECT: not a project id"
  [[ $REGION =~ ^[a-z]+-[a-z]+[0-9]+$ ]] || die "--region $REGION: not a region such as europe-west1"
  [[ $SERVICE =~ ^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$ ]] || die "--service $SERVICE: lower-case letters, digits and -"
  [[ $AUDIENCE_MODE == url || $AUDIENCE_MODE == project ]] || die "--audience $AUDIENCE_MODE: want url or project"
  # The value is not repeated in these messages: it may be the URL itself,
  # password included, pasted by mistake.
  [[ $DB_SECRET != *://* ]] || die "--database-url-secret takes the name of the Secret Manager secret that" \
    "holds the database URL, never the URL itself (it contains a password)"
  [[ -z $DB_SECRET || $DB_SECRET =~ ^[A-Za-z0-9_-]{1,255}$ ]] ||
    die "--database-url-secret: want a Secret Manager secret name (letters, digits, - and _)"
  [[ -z $CLOUDSQL_INSTANCE || $CLOUDSQL_INSTANCE =~ ^[a-z0-9.:-]+:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]*$ ]] ||
    die "--cloudsql-instance $CLOUDSQL_INSTANCE: want the connection name PROJECT:REGION:INSTANCE"
}

# quote renders a command so that it can be pasted back into a shell.
quote() {
  local arg out=""
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
      out+=" $arg"
    else
      out+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  printf '%s' "${out# }"
}

# trace goes to fd 3 (the real stdout) so it also shows from inside $(…).
trace() { printf '+ %s\n' "$(quote "$@")" >&3; }
say() { printf '%s\n' "$*" >&3; }

# run runs a command (or only prints it in a dry run).
run() {
  trace "$@"
  [[ $DRY_RUN -eq 1 ]] || "$@"
}

# read_value prints the command's output, or the placeholder in a dry run.
read_value() {
  local placeholder=$1
  shift
  trace "$@"
  if [[ $DRY_RUN -eq 1 ]]; then
    printf '%s\n' "$placeholder"
  else
    "$@"
  fi
}

# exists succeeds if the describe command does; a dry run assumes nothing exists.
exists() {
  trace "$@"
  if [[ $DRY_RUN -eq 1 ]]; then
    say "  (dry run: assuming it does not exist yet)"
    return 1
  fi
  "$@" >/dev/null 2>&1
}

# create runs a create command; "already exists" (someone was faster, or the
# describe before it could not see it) counts as success.
create() {
  trace "$@"
  [[ $DRY_RUN -eq 0 ]] || return 0
  local out
  if out=$("$@" 2>&1); then
    [[ -z $out ]] || say "$out"
    return 0
  fi
  case $out in
    *"already exists"* | *ALREADY_EXISTS*)
      say "  already exists — nothing to do"
      return 0
      ;;
  esac
  printf '%s\n' "$out" >&2
  return 1
}

enable_apis() {
  say "== 1. Enable the APIs (idempotent)"
  run gcloud services enable "${APIS[@]}" --project "$PROJECT"
}

ensure_service_account() {
  say "== 2. Runtime service account $SA_EMAIL (Onboard calls the Chat API as this account)"
  if exists gcloud iam service-accounts describe "$SA_EMAIL" --project "$PROJECT"; then
    say "  exists"
    return 0
  fi
  create gcloud iam service-accounts create "$SA_NAME" --project "$PROJECT" \
    --display-name "Onboard Chat app" --description "Runtime identity of the Onboard Chat app"
}

ensure_repository() {
  say "== 3. Artifact Registry repository $REPOSITORY in $REGION"
  if exists gcloud artifacts repositories describe "$REPOSITORY" --project "$PROJECT" --location "$REGION"; then
    say "  exists"
    return 0
  fi
  create gcloud artifacts repositories create "$REPOSITORY" --project "$PROJECT" --location "$REGION" \
    --repository-format docker --description "Onboard container images"
}

build_image() {
  say "== 4. Build deploy/Dockerfile on Cloud Build"
  run gcloud builds submit . --project "$PROJECT" --config deploy/cloudbuild.yaml \
    --substitutions "_IMAGE=$IMAGE"
}

# print_database_steps shows how to create what --database-url-secret names: a
# Cloud SQL PostgreSQL instance, its database and user, and the secret that
# holds their URL. The password goes from openssl through a shell variable
# into the user and the secret: nobody types it and nothing prints it.
print_database_steps() {
  local instance=onboard-db
  cat <<EOF

Onboard needs PostgreSQL on Cloud Run: its jobs live in a database, and an SQLite
file would live in one instance's memory and die with it, so Onboard refuses to
start without DATABASE_URL=postgres://…. Once, create a Cloud SQL database and a
Secret Manager secret holding its URL:

  gcloud services enable sqladmin.googleapis.com secretmanager.googleapis.com --project $PROJECT
  gcloud sql instances create $instance --project $PROJECT --region $REGION \\
    --database-version POSTGRES_16 --edition enterprise --tier db-f1-micro
  gcloud sql databases create onboard --instance $instance --project $PROJECT
  DB_PASSWORD=\$(openssl rand -hex 24)
  gcloud sql users create onboard --instance $instance --project $PROJECT --password "\$DB_PASSWORD"
  printf %s "postgres://onboard:\$DB_PASSWORD@/onboard?host=/cloudsql/$PROJECT:$REGION:$instance" |
    gcloud secrets create onboard-database-url --project $PROJECT --replication-policy automatic --data-file=-
  unset DB_PASSWORD

(db-f1-micro is the smallest, shared-core tier: enough to start; choose a
dedicated-core tier for production.) Then run setup.sh again with
  --database-url-secret onboard-database-url --cloudsql-instance $PROJECT:$REGION:$instance

EOF
}

# grant_database_access lets the runtime account read the secret (and reach
# the Cloud SQL instance). Both bindings are idempotent: adding one that is
# there already changes nothing.
grant_database_access() {
  say "== 5. Database: $SA_EMAIL may read secret $DB_SECRET${CLOUDSQL_INSTANCE:+ and connect to $CLOUDSQL_INSTANCE}"
  trace gcloud secrets describe "$DB_SECRET" --project "$PROJECT" --format 'value(name)'
  if [[ $DRY_RUN -eq 0 ]] && ! gcloud secrets describe "$DB_SECRET" --project "$PROJECT" \
    --format 'value(name)' >/dev/null 2>&1; then
    print_database_steps >&2
    die "secret $DB_SECRET does not exist in project $PROJECT (or you may not see it): create it as above"
  fi
  run gcloud secrets add-iam-policy-binding "$DB_SECRET" --project "$PROJECT" \
    --member "serviceAccount:$SA_EMAIL" --role roles/secretmanager.secretAccessor --format none
  [[ -n $CLOUDSQL_INSTANCE ]] || return 0
  # The instance's project: PROJECT:REGION:INSTANCE, where PROJECT may itself
  # hold a colon (domain-scoped projects).
  local sql_project=${CLOUDSQL_INSTANCE%:*}
  sql_project=${sql_project%:*}
  run gcloud projects add-iam-policy-binding "$sql_project" --member "serviceAccount:$SA_EMAIL" \
    --role roles/cloudsql.client --condition None --format none
}

# deploy deploys the image with the given audience and access flag.
#
# DATABASE_URL is a reference to the secret, resolved by Cloud Run when an
# instance starts; --update-secrets (not --set-secrets) keeps other secrets
# someone bound by hand, as --update-env-vars keeps other variables.
# --no-cpu-throttling and --min-instances 1: progress messages and paced
# membership writes run after the reply, so CPU stays allocated outside
# requests and one instance stays up — billed around the clock
# (deploy/README.md, "Background work and cost").
deploy() {
  local audience=$1 access=$2
  local database=(--update-secrets "DATABASE_URL=$DB_SECRET:latest")
  [[ -z $CLOUDSQL_INSTANCE ]] || database+=(--add-cloudsql-instances "$CLOUDSQL_INSTANCE")
  run gcloud run deploy "$SERVICE" --project "$PROJECT" --region "$REGION" --image "$IMAGE" \
    --service-account "$SA_EMAIL" "$access" --ingress all --port 8080 --concurrency 80 --timeout 60 \
    --no-cpu-throttling --min-instances 1 "${database[@]}" \
    --update-env-vars "CHAT_AUDIENCE=$audience,GOOGLE_CLOUD_PROJECT=$PROJECT"
}

service_url() {
  read_value "<SERVICE_URL>" gcloud run services describe "$SERVICE" --project "$PROJECT" \
    --region "$REGION" --format 'value(status.url)'
}

# deploy_url_mode: Chat signs an ID token for the service URL, which Cloud Run
# IAM checks before Onboard checks it again.
deploy_url_mode() {
  say "== 6. Deploy $SERVICE (private; audience = the service URL)"
  local current=""
  if [[ $DRY_RUN -eq 0 ]]; then
    current=$(gcloud run services describe "$SERVICE" --project "$PROJECT" --region "$REGION" \
      --format 'value(status.url)' 2>/dev/null) || current=""
  fi
  deploy "${current:-$PENDING_AUDIENCE}" --no-allow-unauthenticated
  URL=$(service_url)
  [[ -n $URL ]] || die "could not read the URL of service $SERVICE"
  AUDIENCE=$URL
  if [[ $URL != "$current" ]]; then
    say "== 7. Set CHAT_AUDIENCE to the service URL"
    run gcloud run services update "$SERVICE" --project "$PROJECT" --region "$REGION" \
      --update-env-vars "CHAT_AUDIENCE=$URL"
  fi
  say "== 8. Let Google Chat invoke the service"
  run gcloud run services add-iam-policy-binding "$SERVICE" --project "$PROJECT" --region "$REGION" \
    --member "serviceAccount:$CHAT_SA" --role roles/run.invoker --format none
}

# deploy_project_mode: Chat signs its own JWT for the project number; Cloud
# Run cannot check it, so the service is public and Onboard verifies in-app.
deploy_project_mode() {
  say "== 6. Deploy $SERVICE (public; audience = the project number, checked by Onboard)"
  AUDIENCE=$(read_value "<PROJECT_NUMBER>" gcloud projects describe "$PROJECT" --format 'value(projectNumber)')
  [[ $DRY_RUN -eq 1 || $AUDIENCE =~ ^[0-9]+$ ]] || die "project number of $PROJECT: got '$AUDIENCE'"
  deploy "$AUDIENCE" --allow-unauthenticated
  URL=$(service_url)
  [[ -n $URL ]] || die "could not read the URL of service $SERVICE"
}

print_console_steps() {
  local audience_choice="HTTP endpoint URL" exact="byte for byte: same scheme and host, no trailing slash"
  if [[ $AUDIENCE_MODE == project ]]; then
    audience_choice="Project Number" exact="the project number, digits only"
  fi
  cat >&3 <<EOF

================ Paste this into the Chat API configuration page ================
https://console.cloud.google.com/apis/api/chat.googleapis.com/hangouts-chat?project=$PROJECT

  Build this Chat app as a Google Workspace add-on:  cleared
  App name:     Onboard
  Avatar URL:   an https URL of a square PNG or JPEG, at least 256 px
  Description:  Adds people to spaces
  Interactive features:  on
  Functionality:  tick "Join spaces and group conversations"
  Connection settings:  HTTP endpoint URL
    HTTP endpoint URL:        $URL
    Authentication Audience:  $audience_choice
    (Onboard expects CHAT_AUDIENCE=$AUDIENCE — $exact)
  Commands › Add a command › Slash command, all eleven now so the ids never change
  (other ids need CHAT_COMMAND_IDS on the service):
    ID  Name       Description
    1   /invite    Add people to this space
    2   /help      How to use Onboard
    3   /onboard   Apply an onboarding plan
    4   /plan      Manage onboarding plans
    5   /status    Show onboarding jobs
    6   /remove    Remove people from this space
    7   /settings  Onboard's settings for this space
    8   /audit     Who was added, by whom and when
    9   /pause     Stop all membership changes (Onboard admins)
    10  /resume    Allow membership changes again (Onboard admins)
    11  /spaces    Spaces Onboard is in (Onboard admins)
  Visibility:  up to 5 people or a Google Group of your domain while testing
  Logs:        tick "Log errors to Logging"
  App status:  Live – available to users

================ One-time admin approval (before /invite can add anyone) ================
Onboard adds people with its own authority, using the scope
  https://www.googleapis.com/auth/chat.app.memberships
which a Google Workspace super administrator must approve once.

Developer, in project $PROJECT:
  1. IAM & Admin › Service Accounts › $SA_EMAIL › Advanced settings ›
     Create Google Workspace Marketplace-compatible OAuth client.
  2. APIs & Services › Library › Google Workspace Marketplace SDK › Enable; then its
     App Configuration: visibility Private, Individual + admin install,
     App integrations: Chat app, OAuth scopes:
       https://www.googleapis.com/auth/chat.app.memberships
       https://www.googleapis.com/auth/chat.bot
     and save.
Super administrator, in the Google Admin console:
  3. Apps › Google Workspace Marketplace apps › Apps list › Onboard ›
     Data access › Grant access (at the root organisational unit).
Until then /invite reports: The administrator must grant the app the required
OAuth authorization scope for this action.

================ Onboard admins (who manage /plan) ================
  gcloud run services update $SERVICE --project $PROJECT --region $REGION \\
    --update-env-vars '^;^ONBOARD_ADMINS=you@example.com,someone@example.com'
(the ^;^ makes ; gcloud's separator, so the commas stay in the value)

Check everything with "onboard doctor" first, then type /invite @someone in a space.
EOF
}

# require_database_secret stops before anything runs when there is no
# database to deploy with; a dry run shows the same steps and goes on with a
# placeholder secret name.
require_database_secret() {
  [[ -z $DB_SECRET ]] || return 0
  if [[ $DRY_RUN -eq 1 ]]; then
    say "# dry run without --database-url-secret: the plan shows $PENDING_SECRET in its place."
    print_database_steps >&3
    DB_SECRET=$PENDING_SECRET
    return 0
  fi
  print_database_steps >&2
  die "--database-url-secret is required: Onboard will not start on Cloud Run without PostgreSQL." \
    "Nothing was changed."
}

main() {
  parse_args "$@"
  exec 3>&1
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  [[ $DRY_RUN -eq 1 ]] || command -v gcloud >/dev/null || die "gcloud not found: install the Google Cloud CLI"
  # Never wait for an answer to a prompt: every choice is a flag.
  export CLOUDSDK_CORE_DISABLE_PROMPTS=1

  SA_EMAIL="$SA_NAME@$PROJECT.iam.gserviceaccount.com"
  IMAGE="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/$SERVICE:$(date -u +%Y%m%d-%H%M%S)"
  URL="" AUDIENCE=""
  [[ $DRY_RUN -eq 0 ]] || say "# dry run: nothing below is executed"
  require_database_secret

  enable_apis
  ensure_service_account
  ensure_repository
  build_image
  grant_database_access
  if [[ $AUDIENCE_MODE == url ]]; then
    deploy_url_mode
  else
    deploy_project_mode
  fi
  print_console_steps
}

main "$@"
