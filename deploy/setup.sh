#!/usr/bin/env bash
# setup.sh — from an empty Google Cloud project to Onboard running on Cloud Run,
# then the exact words to paste into the Chat API configuration page.
#
#   deploy/setup.sh --project ID --region REGION --database-url-secret NAME
#                   [--cloudsql-instance PROJECT:REGION:INSTANCE] [--service onboard]
#                   [--audience url|project] [--export-bucket NAME]
#                   [--operators group:ops@example.com,user:…]
#                   [--oauth-client-id ID --oauth-client-secret-secret NAME
#                    --token-key-secret NAME [--create-token-key]] [--dry-run]
#   deploy/setup.sh --project ID --region REGION --teardown [--delete-data] [--dry-run] …
#
# Onboard keeps its jobs in PostgreSQL on Cloud Run (it refuses SQLite there:
# the file would die with the instance). The database URL holds a password, so
# it never passes through this script: it lives in a Secret Manager secret,
# named by --database-url-secret, that Cloud Run injects as DATABASE_URL.
# Without that flag the script prints how to create the database and the
# secret, and stops before running anything.
#
# With --oauth-client-id people can connect their own Google account: the
# OAuth client's secret and the key that seals their refresh tokens come
# from Secret Manager too (named, never passed), and a second, public
# service, SERVICE-signin, runs the same image as `onboard signin` — it
# answers only the sign-in callback, which people's browsers must reach
# while the Chat service admits only Google Chat.
#
# Every input is checked first, with read-only gcloud calls (the project and
# its number, the region, the secret, the Cloud SQL instance, the export
# bucket's name); nothing changes until all of them pass. Each step has a
# name, and a failure says which: "setup.sh: failed at step: <name>".
#
# Safe to run again: every step looks before it creates, "already exists" is
# success, IAM bindings are added only if missing, and the service's
# environment variables and secrets are updated, never replaced, so settings
# added by hand (ORG_DOMAINS, ONBOARD_ADMINS, …) survive a re-run.
# --dry-run prints every gcloud command, prefixed "+ ", and runs none of them;
# answers it would have read are shown as <SERVICE_URL>, <PROJECT_NUMBER>,
# <SIGNIN_URL>, and a missing --database-url-secret as <DATABASE_URL_SECRET>.
# --teardown removes what this script created; the database and its secret
# only with --delete-data as well.
# See deploy/README.md for the whole path, including the admin approval.
set -euo pipefail
set -o errtrace # the ERR trap below also fires inside functions

readonly SA_NAME=onboard-app
readonly REPOSITORY=onboard
readonly CHAT_SA=chat@system.gserviceaccount.com
readonly AUDIT_JOB=onboard-audit DOCTOR_JOB=onboard-doctor GRANTS_JOB=onboard-grants
# Where the audit job sees the export bucket; `onboard audit export` in a
# job writes only there (internal/auditcli: JobExportDir).
readonly EXPORT_MOUNT=/exports
readonly APIS=(chat.googleapis.com run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com
  secretmanager.googleapis.com sqladmin.googleapis.com storage.googleapis.com)
# Before the first deploy the service URL is unknown; the service starts with
# this audience (it accepts no token) and is updated as soon as the URL is read.
readonly PENDING_AUDIENCE=https://audience-pending.invalid

# Before the sign-in service's first deploy its URL is unknown; both
# services start with this redirect URL (Google sends no browser there: the
# OAuth client does not list it) and are updated as soon as the URL is read.
readonly CALLBACK_PATH=/oauth2/callback
readonly PENDING_REDIRECT=https://signin-pending.invalid$CALLBACK_PATH

# What a dry run without --database-url-secret shows in the secret's place.
readonly PENDING_SECRET="<DATABASE_URL_SECRET>"

PROJECT="" REGION="" SERVICE=onboard AUDIENCE_MODE=url DRY_RUN=0 DB_SECRET="" CLOUDSQL_INSTANCE=""
EXPORT_BUCKET="" OPERATORS="" TEARDOWN=0 DELETE_DATA=0
OAUTH_CLIENT_ID="" OAUTH_SECRET="" TOKEN_KEY_SECRET="" CREATE_TOKEN_KEY=0
CURRENT_STEP="read the arguments"

usage() {
  cat <<'EOF'
usage: deploy/setup.sh --project ID --region REGION --database-url-secret NAME
                       [--cloudsql-instance PROJECT:REGION:INSTANCE] [--service onboard]
                       [--audience url|project] [--export-bucket NAME]
                       [--operators PRINCIPAL,…]
                       [--oauth-client-id ID --oauth-client-secret-secret NAME
                        --token-key-secret NAME [--create-token-key]] [--dry-run]
       deploy/setup.sh --project ID --region REGION --teardown [--delete-data]
                       [--database-url-secret NAME] [--cloudsql-instance …]
                       [--oauth-client-secret-secret NAME] [--token-key-secret NAME] [--dry-run]

  --project   Google Cloud project id (it must exist, with billing enabled)
  --region    Cloud Run region, e.g. europe-west1
  --database-url-secret
              Secret Manager secret (its name, never the URL) holding Onboard's
              postgres:// URL; the service and the jobs get it as DATABASE_URL
              and their account may read it. Required: run without it to see how
              to create the database and the secret.
  --cloudsql-instance
              the Cloud SQL instance that URL points to (PROJECT:REGION:INSTANCE):
              the service connects through /cloudsql/… and its account gets
              roles/cloudsql.client. Leave out for a database elsewhere.
  --service   Cloud Run service name (default: onboard)
  --audience  url: Chat signs for the service URL; the service stays private and
                   only Google Chat (chat@system.gserviceaccount.com and the
                   project's add-on service agent) may invoke it (default)
              project: Chat signs for the project number; Cloud Run IAM cannot
                   check that token, so the service allows unauthenticated
                   calls and Onboard verifies every request itself
  --export-bucket
              Cloud Storage bucket for audit exports, mounted at /exports in the
              onboard-audit job (default: PROJECT-onboard-exports); uniform
              access, public access prevented
  --operators who may read the exports: comma-separated user:EMAIL,
              group:EMAIL or serviceAccount:EMAIL (roles/storage.objectViewer
              on the bucket only)
  --oauth-client-id ID
              let people connect their own Google account (deploy/README.md,
              "Letting people connect their Google account"): the id of a Web
              application OAuth client, NUMBER-….apps.googleusercontent.com.
              Deploys the public sign-in service SERVICE-signin and the job
              onboard-grants, and gives both services and the doctor job the
              OAuth settings. Goes with the next two:
  --oauth-client-secret-secret NAME
              the Secret Manager secret (its name, never the value) holding
              that client's secret: OAUTH_CLIENT_SECRET
  --token-key-secret NAME
              the Secret Manager secret holding TOKEN_ENCRYPTION_KEY, the key
              that seals people's refresh tokens
  --create-token-key
              create that secret if it does not exist: 32 random bytes from
              openssl, piped into Secret Manager and never shown
  --teardown  remove what setup.sh created: the jobs, the services, the
              bucket if empty, the runtime account and its access, the image
              repository. Never the database or its secret, unless also
  --delete-data
              given: then the bucket with its exports, the secrets named (the
              database's and the OAuth ones) and the Cloud SQL instance named
              by --cloudsql-instance go too
  --dry-run   print the gcloud commands without running any
EOF
}

# --- failures name their step ---------------------------------------------

# step names what runs next; a failure from here on names it.
step() {
  CURRENT_STEP=$1
  say "== $1"
}

# on_error reports the step a command failed in (once: not again from a
# $(…) subshell whose failure the parent sees too).
on_error() {
  local code=$?
  if [[ $BASH_SUBSHELL -eq 0 ]]; then
    printf 'setup.sh: failed at step: %s\n' "$CURRENT_STEP" >&2
  fi
  exit "$code"
}

die() {
  printf 'setup.sh: %s\n' "$*" >&2
  if [[ $BASH_SUBSHELL -eq 0 ]]; then
    printf 'setup.sh: failed at step: %s\n' "$CURRENT_STEP" >&2
  fi
  exit 1
}

need_value() { # flag, number of remaining args
  [[ $2 -ge 2 ]] || die "$1 needs a value (see --help)"
}

# --- arguments: checked before any gcloud call ------------------------------

parse_args() {
  while [[ $# -gt 0 ]]; do
    case $1 in
      --project | --region | --service | --audience | --database-url-secret | --cloudsql-instance | \
        --export-bucket | --operators | --oauth-client-id | --oauth-client-secret-secret | --token-key-secret)
        need_value "$1" $#
        set_flag "$1" "$2"
        shift 2
        ;;
      --project=* | --region=* | --service=* | --audience=* | --database-url-secret=* | \
        --cloudsql-instance=* | --export-bucket=* | --operators=* | --oauth-client-id=* | \
        --oauth-client-secret-secret=* | --token-key-secret=*)
        set_flag "${1%%=*}" "${1#*=}"
        shift
        ;;
      --dry-run) DRY_RUN=1; shift ;;
      --teardown) TEARDOWN=1; shift ;;
      --delete-data) DELETE_DATA=1; shift ;;
      --create-token-key) CREATE_TOKEN_KEY=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $1" ;;
    esac
  done
  check_args
}

set_flag() {
  case $1 in
    --project) PROJECT=$2 ;;
    --region) REGION=$2 ;;
    --service) SERVICE=$2 ;;
    --audience) AUDIENCE_MODE=$2 ;;
    --database-url-secret) DB_SECRET=$2 ;;
    --cloudsql-instance) CLOUDSQL_INSTANCE=$2 ;;
    --export-bucket) EXPORT_BUCKET=$2 ;;
    --operators) OPERATORS=$2 ;;
    --oauth-client-id) OAUTH_CLIENT_ID=$2 ;;
    --oauth-client-secret-secret) OAUTH_SECRET=$2 ;;
    --token-key-secret) TOKEN_KEY_SECRET=$2 ;;
  esac
}

check_args() {
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
  [[ $DELETE_DATA -eq 0 || $TEARDOWN -eq 1 ]] || die "--delete-data only goes with --teardown"
  EXPORT_BUCKET=${EXPORT_BUCKET:-$PROJECT-onboard-exports}
  check_bucket_name "$EXPORT_BUCKET"
  local p
  if [[ -n $OPERATORS ]]; then
    for p in ${OPERATORS//,/ }; do
      [[ $p =~ ^(user|group|serviceAccount):[^@[:space:]]+@[^@[:space:]]+\.[a-z]+$ ]] ||
        die "--operators $p: want user:EMAIL, group:EMAIL or serviceAccount:EMAIL (one person or group" \
          "who may read the audit exports; not a whole domain)"
    done
  fi
  check_oauth_args
}

# check_oauth_args: the three OAuth flags go together (a teardown needs
# only the secrets' names, to remove their bindings or, with --delete-data,
# them). A value that looks like a secret itself is refused and, like the
# database URL, not repeated.
check_oauth_args() {
  [[ $OAUTH_SECRET != GOCSPX-* ]] || die "--oauth-client-secret-secret takes the name of the Secret Manager" \
    "secret that holds the client secret, never the client secret itself"
  check_secret_name --oauth-client-secret-secret "$OAUTH_SECRET"
  ! looks_like_key "$TOKEN_KEY_SECRET" || die "--token-key-secret takes the name of the Secret Manager secret" \
    "that holds the key, never the key itself"
  check_secret_name --token-key-secret "$TOKEN_KEY_SECRET"
  [[ $CREATE_TOKEN_KEY -eq 0 || -n $TOKEN_KEY_SECRET ]] || die "--create-token-key needs --token-key-secret NAME"
  [[ $OAUTH_CLIENT_ID != GOCSPX-* ]] || die "--oauth-client-id: that is a client secret; pass the client id" \
    "(NUMBER-….apps.googleusercontent.com) and keep the secret in Secret Manager"
  [[ -z $OAUTH_CLIENT_ID || $OAUTH_CLIENT_ID =~ ^[0-9]+-[a-z0-9]+\.apps\.googleusercontent\.com$ ]] ||
    die "--oauth-client-id $OAUTH_CLIENT_ID: want a Google OAuth client id, NUMBER-….apps.googleusercontent.com"
  [[ (-z $OAUTH_SECRET || ($OAUTH_SECRET != "$TOKEN_KEY_SECRET" && $OAUTH_SECRET != "$DB_SECRET")) &&
    (-z $TOKEN_KEY_SECRET || $TOKEN_KEY_SECRET != "$DB_SECRET") ]] ||
    die "the database URL, the OAuth client secret and the token key need three different secrets"
  [[ $TEARDOWN -eq 0 && -n $OAUTH_CLIENT_ID$OAUTH_SECRET$TOKEN_KEY_SECRET ]] || return 0
  [[ -n $OAUTH_CLIENT_ID && -n $OAUTH_SECRET && -n $TOKEN_KEY_SECRET ]] ||
    die "--oauth-client-id, --oauth-client-secret-secret and --token-key-secret go together"
}

check_secret_name() { # flag, value
  [[ -z $2 || $2 =~ ^[A-Za-z0-9_-]{1,255}$ ]] || die "$1: want a Secret Manager secret name (letters, digits, - and _)"
}

# looks_like_key: what `openssl rand -base64 32` prints (44 characters,
# maybe without padding, maybe URL-safe) rather than a secret's name.
looks_like_key() {
  [[ $1 == *[+/=]* ]] && return 0
  [[ ${#1} -ge 43 && ${#1} -le 44 && $1 =~ [0-9] && $1 =~ [A-Z] && $1 =~ [a-z] ]]
}

oauth_on() { [[ -n $OAUTH_CLIENT_ID ]]; }

# check_bucket_name applies Cloud Storage's naming rules
# (https://cloud.google.com/storage/docs/buckets#naming), without dots:
# a dotted name needs a verified domain.
check_bucket_name() {
  local b=$1
  [[ $b =~ ^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$ ]] ||
    die "--export-bucket $b: 3-63 lower-case letters, digits, - and _, starting and ending with a letter or digit"
  [[ $b != goog* && $b != *google* ]] || die "--export-bucket $b: Cloud Storage refuses names with goog or google"
}

# --- running gcloud ----------------------------------------------------------

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

# tolerate runs a command; when it fails with output matching the pattern,
# it says so and succeeds ("already exists" on create, "not found" on
# delete); any other failure is printed and returned.
tolerate() {
  local pattern=$1 note=$2
  shift 2
  trace "$@"
  [[ $DRY_RUN -eq 0 ]] || return 0
  local out
  if out=$("$@" 2>&1); then
    [[ -z $out ]] || say "$out"
    return 0
  fi
  if [[ $out =~ $pattern ]]; then
    say "  $note"
    return 0
  fi
  printf '%s\n' "$out" >&2
  return 1
}

create() { tolerate 'already exists|ALREADY_EXISTS' "already exists — nothing to do" "$@"; }
remove() { tolerate 'NOT_FOUND|not found|does not exist|could not be found|404' "not there — nothing to do" "$@"; }

# --- checks: read-only, before anything changes ------------------------------

check_project() {
  step "check the project"
  PROJECT_NUMBER=$(read_value "<PROJECT_NUMBER>" gcloud projects describe "$PROJECT" --format 'value(projectNumber)')
  [[ $DRY_RUN -eq 1 || $PROJECT_NUMBER =~ ^[0-9]+$ ]] ||
    die "project $PROJECT: no project number (got '$PROJECT_NUMBER'): does it exist, and may you see it?"
  ADDON_AGENT="service-$PROJECT_NUMBER@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
}

# check_region asks Cloud Run for its regions. On a project where
# run.googleapis.com is not enabled yet it cannot answer; then only the
# name's shape was checked, and the deploy would name a wrong region.
check_region() {
  step "check the region"
  trace gcloud run regions list --project "$PROJECT" --format 'value(locationId)'
  [[ $DRY_RUN -eq 0 ]] || return 0
  local regions
  if ! regions=$(gcloud run regions list --project "$PROJECT" --format 'value(locationId)' 2>/dev/null) ||
    [[ -z $regions ]]; then
    say "  could not list Cloud Run's regions (run.googleapis.com is not enabled yet?): checked the name only"
    return 0
  fi
  grep -qx -- "$REGION" <<<"$regions" ||
    die "--region $REGION: Cloud Run has no such region; it has: $(tr '\n' ' ' <<<"$regions")"
}

check_secret() {
  step "check the database secret"
  trace gcloud secrets describe "$DB_SECRET" --project "$PROJECT" --format 'value(name)'
  if [[ $DRY_RUN -eq 0 ]] && ! gcloud secrets describe "$DB_SECRET" --project "$PROJECT" \
    --format 'value(name)' >/dev/null 2>&1; then
    print_database_steps >&2
    die "secret $DB_SECRET does not exist in project $PROJECT (or you may not see it): create it as above." \
      "Nothing was changed."
  fi
}

# sql_project is the Cloud SQL instance's project: PROJECT:REGION:INSTANCE,
# where PROJECT may itself hold a colon (domain-scoped projects).
sql_project() {
  local p=${CLOUDSQL_INSTANCE%:*}
  printf '%s' "${p%:*}"
}

check_cloudsql() {
  [[ -n $CLOUDSQL_INSTANCE ]] || return 0
  step "check the Cloud SQL instance"
  local name
  name=$(read_value "$CLOUDSQL_INSTANCE" gcloud sql instances describe "${CLOUDSQL_INSTANCE##*:}" \
    --project "$(sql_project)" --format 'value(connectionName)' 2>/dev/null) || name=""
  [[ $name == "$CLOUDSQL_INSTANCE" ]] ||
    die "Cloud SQL instance $CLOUDSQL_INSTANCE not found (or you may not see it). Nothing was changed."
}

# check_bucket learns whether the export bucket exists. Bucket names are
# global: one that exists but cannot be read belongs to someone else.
check_bucket() {
  step "check the export bucket"
  BUCKET_EXISTS=0
  trace gcloud storage buckets describe "gs://$EXPORT_BUCKET" --format 'value(name)'
  [[ $DRY_RUN -eq 0 ]] || return 0
  local out
  if out=$(gcloud storage buckets describe "gs://$EXPORT_BUCKET" --format 'value(name)' 2>&1); then
    BUCKET_EXISTS=1
    return 0
  fi
  [[ $out =~ NotFound|NOT_FOUND|404|not\ found ]] ||
    die "bucket gs://$EXPORT_BUCKET exists and is not yours to use (or you may not see it): choose another" \
      "name with --export-bucket. Nothing was changed."
}

# check_oauth_secrets: the client secret's secret must exist (its value
# comes from the console); the token key's may be created by setup.sh
# under --create-token-key. A dry run assumes both exist, except the key
# it was asked to create, which it shows being created.
check_oauth_secrets() {
  oauth_on || return 0
  step "check the OAuth secrets"
  if ! secret_exists "$OAUTH_SECRET"; then
    print_client_secret_steps >&2
    die "secret $OAUTH_SECRET does not exist in project $PROJECT (or you may not see it): create it as above." \
      "Nothing was changed."
  fi
  if [[ $DRY_RUN -eq 1 && $CREATE_TOKEN_KEY -eq 1 ]]; then
    trace gcloud secrets describe "$TOKEN_KEY_SECRET" --project "$PROJECT" --format 'value(name)'
    say "  (dry run: assuming it does not exist yet)"
    TOKEN_KEY_EXISTS=0
  elif ! secret_exists "$TOKEN_KEY_SECRET"; then
    [[ $CREATE_TOKEN_KEY -eq 1 ]] || die "secret $TOKEN_KEY_SECRET does not exist in project $PROJECT: add" \
      "--create-token-key and setup.sh creates it (32 random bytes, never shown). Nothing was changed."
    command -v openssl >/dev/null || die "openssl not found: --create-token-key needs it. Nothing was changed."
    TOKEN_KEY_EXISTS=0
    say "  $TOKEN_KEY_SECRET does not exist yet: it will be created (--create-token-key)"
  fi
}

# secret_exists asks Secret Manager; a dry run assumes the secret exists.
secret_exists() {
  trace gcloud secrets describe "$1" --project "$PROJECT" --format 'value(name)'
  [[ $DRY_RUN -eq 0 ]] || return 0
  gcloud secrets describe "$1" --project "$PROJECT" --format 'value(name)' >/dev/null 2>&1
}

check_inputs() {
  check_project
  check_region
  check_secret
  check_oauth_secrets
  check_cloudsql
  check_bucket
  step "check the operators"
  if [[ -z $OPERATORS ]]; then
    say "  none given (--operators): only the project's owners will be able to read audit exports"
  else
    say "  may read audit exports: $OPERATORS"
  fi
}

# --- changes --------------------------------------------------------------------

enable_apis() {
  step "enable the APIs"
  run gcloud services enable "${APIS[@]}" --project "$PROJECT"
}

ensure_service_account() {
  step "runtime service account $SA_EMAIL (Onboard calls the Chat API as this account)"
  if exists gcloud iam service-accounts describe "$SA_EMAIL" --project "$PROJECT"; then
    say "  exists"
    return 0
  fi
  create gcloud iam service-accounts create "$SA_NAME" --project "$PROJECT" \
    --display-name "Onboard Chat app" --description "Runtime identity of the Onboard Chat app"
}

ensure_repository() {
  step "Artifact Registry repository $REPOSITORY in $REGION"
  if exists gcloud artifacts repositories describe "$REPOSITORY" --project "$PROJECT" --location "$REGION"; then
    say "  exists"
    return 0
  fi
  create gcloud artifacts repositories create "$REPOSITORY" --project "$PROJECT" --location "$REGION" \
    --repository-format docker --description "Onboard container images"
}

build_image() {
  step "build deploy/Dockerfile on Cloud Build"
  run gcloud builds submit . --project "$PROJECT" --config deploy/cloudbuild.yaml \
    --substitutions "_IMAGE=$IMAGE"
}

# grant_database_access lets the runtime account read the secret (and reach
# the Cloud SQL instance). Both bindings are idempotent: adding one that is
# there already changes nothing.
grant_database_access() {
  step "database access for $SA_EMAIL"
  run gcloud secrets add-iam-policy-binding "$DB_SECRET" --project "$PROJECT" \
    --member "serviceAccount:$SA_EMAIL" --role roles/secretmanager.secretAccessor --format none
  [[ -n $CLOUDSQL_INSTANCE ]] || return 0
  run gcloud projects add-iam-policy-binding "$(sql_project)" --member "serviceAccount:$SA_EMAIL" \
    --role roles/cloudsql.client --condition None --format none
}

# ensure_token_key creates the token key's secret under --create-token-key:
# openssl's 32 random bytes go through a pipe straight into Secret Manager —
# never into a variable, a file or the output. An existing key is kept:
# replacing it would orphan every grant it sealed.
ensure_token_key() {
  [[ $TOKEN_KEY_EXISTS -eq 0 ]] || return 0
  step "create the token encryption key $TOKEN_KEY_SECRET (32 random bytes, never shown)"
  local create=(gcloud secrets create "$TOKEN_KEY_SECRET" --project "$PROJECT" --replication-policy automatic
    --data-file=-)
  say "+ openssl rand -base64 32 | $(quote "${create[@]}")"
  [[ $DRY_RUN -eq 0 ]] || return 0
  local out
  if out=$(openssl rand -base64 32 | "${create[@]}" 2>&1); then
    [[ -z $out ]] || say "$out"
    return 0
  fi
  if [[ $out =~ already\ exists|ALREADY_EXISTS ]]; then
    say "  already exists — the key in it is kept"
    return 0
  fi
  printf '%s\n' "$out" >&2
  return 1
}

# grant_oauth_access lets the runtime account read the two OAuth secrets.
grant_oauth_access() {
  oauth_on || return 0
  step "OAuth secrets access for $SA_EMAIL"
  local s
  for s in "$OAUTH_SECRET" "$TOKEN_KEY_SECRET"; do
    run gcloud secrets add-iam-policy-binding "$s" --project "$PROJECT" \
      --member "serviceAccount:$SA_EMAIL" --role roles/secretmanager.secretAccessor --format none
  done
}

# oauth_secrets and oauth_env are the OAuth settings every process that
# connects accounts gets: the Chat service, the sign-in service, the doctor
# and grants jobs.
oauth_secrets() { printf '%s' "OAUTH_CLIENT_SECRET=$OAUTH_SECRET:latest,TOKEN_ENCRYPTION_KEY=$TOKEN_KEY_SECRET:latest"; }
oauth_env() { printf '%s' "OAUTH_CLIENT_ID=$OAUTH_CLIENT_ID,OAUTH_REDIRECT_URL=$REDIRECT_URL"; }

# find_signin_url reads the sign-in service's URL when it exists already,
# so that a re-run deploys both services with the final redirect URL.
find_signin_url() {
  oauth_on || return 0
  local current=""
  if [[ $DRY_RUN -eq 0 ]]; then
    current=$(gcloud run services describe "$SIGNIN_SERVICE" --project "$PROJECT" --region "$REGION" \
      --format 'value(status.url)' 2>/dev/null) || current=""
  fi
  REDIRECT_URL=$PENDING_REDIRECT
  [[ -z $current ]] || REDIRECT_URL=$current$CALLBACK_PATH
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
  local env=(--update-env-vars "CHAT_AUDIENCE=$audience,GOOGLE_CLOUD_PROJECT=$PROJECT")
  if oauth_on; then
    database[1]+=",$(oauth_secrets)"
    env[1]+=",$(oauth_env)"
  fi
  if [[ $AUDIENCE_MODE == url ]]; then
    env[1]+=",CHAT_ADDON_SERVICE_ACCOUNT=$ADDON_AGENT"
  else
    # Add-on tokens are only signed for a URL audience; Onboard refuses
    # the variable with a project number (left over from a URL-mode run).
    env+=(--remove-env-vars CHAT_ADDON_SERVICE_ACCOUNT)
  fi
  run gcloud run deploy "$SERVICE" --project "$PROJECT" --region "$REGION" --image "$IMAGE" \
    --service-account "$SA_EMAIL" "$access" --ingress all --port 8080 --concurrency 80 --timeout 60 \
    --no-cpu-throttling --min-instances 1 "${database[@]}" "${env[@]}"
}

service_url() {
  read_value "<SERVICE_URL>" gcloud run services describe "$SERVICE" --project "$PROJECT" \
    --region "$REGION" --format 'value(status.url)'
}

# deploy_url_mode: Chat signs an ID token for the service URL, which Cloud Run
# IAM checks before Onboard checks it again.
deploy_url_mode() {
  step "deploy $SERVICE (private; audience = the service URL)"
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
    step "set CHAT_AUDIENCE to the service URL"
    run gcloud run services update "$SERVICE" --project "$PROJECT" --region "$REGION" \
      --update-env-vars "CHAT_AUDIENCE=$URL"
  fi
  grant_invokers
}

# grant_invokers lets Google Chat through Cloud Run IAM. Google's "Verify
# requests from Google Chat" page, in its current version, has Chat sign as
# the project's add-on service agent and grants that account the invoker
# role; its older version names chat@system.gserviceaccount.com. Both are
# live, so both are granted. The agent exists only once Google has created
# it for the project; until then its grant is reported, not fatal.
grant_invokers() {
  step "let Google Chat invoke the service ($CHAT_SA and $ADDON_AGENT)"
  run gcloud run services add-iam-policy-binding "$SERVICE" --project "$PROJECT" --region "$REGION" \
    --member "serviceAccount:$CHAT_SA" --role roles/run.invoker --format none
  tolerate 'does not exist' "not granted yet: $ADDON_AGENT does not exist yet. Save the
  Chat API configuration page (below), then run setup.sh again." \
    gcloud run services add-iam-policy-binding "$SERVICE" --project "$PROJECT" --region "$REGION" \
    --member "serviceAccount:$ADDON_AGENT" --role roles/run.invoker --format none
}

# deploy_project_mode: Chat signs its own JWT for the project number; Cloud
# Run cannot check it, so the service is public and Onboard verifies in-app.
deploy_project_mode() {
  step "deploy $SERVICE (public; audience = the project number, checked by Onboard)"
  AUDIENCE=$PROJECT_NUMBER
  deploy "$AUDIENCE" --allow-unauthenticated
  URL=$(service_url)
  [[ -n $URL ]] || die "could not read the URL of service $SERVICE"
}

# deploy_signin deploys the public sign-in service: the same image and
# account running `onboard signin`, which answers only GET /oauth2/callback
# and /health — people's browsers come back there from Google, and the
# private Chat service would answer them 403 (docs/chat-platform.md §10).
# It shares the database and the keys. Sign-ins are rare: it scales to zero
# and to at most two instances, so a public URL cannot run up the bill.
deploy_signin() {
  oauth_on || return 0
  step "deploy $SIGNIN_SERVICE (public: answers only the sign-in callback and /health)"
  local database=(--update-secrets "DATABASE_URL=$DB_SECRET:latest,$(oauth_secrets)")
  [[ -z $CLOUDSQL_INSTANCE ]] || database+=(--add-cloudsql-instances "$CLOUDSQL_INSTANCE")
  run gcloud run deploy "$SIGNIN_SERVICE" --project "$PROJECT" --region "$REGION" --image "$IMAGE" \
    --service-account "$SA_EMAIL" --allow-unauthenticated --ingress all --port 8080 --concurrency 80 --timeout 60 \
    --args signin --cpu-throttling --min-instances 0 --max-instances 2 "${database[@]}" \
    --update-env-vars "CHAT_AUDIENCE=$AUDIENCE,GOOGLE_CLOUD_PROJECT=$PROJECT,$(oauth_env)"
  SIGNIN_URL=$(read_value "<SIGNIN_URL>" gcloud run services describe "$SIGNIN_SERVICE" --project "$PROJECT" \
    --region "$REGION" --format 'value(status.url)')
  [[ -n $SIGNIN_URL ]] || die "could not read the URL of service $SIGNIN_SERVICE"
  [[ $SIGNIN_URL$CALLBACK_PATH != "$REDIRECT_URL" ]] || return 0
  REDIRECT_URL=$SIGNIN_URL$CALLBACK_PATH
  step "set OAUTH_REDIRECT_URL to the sign-in service's callback, on both services"
  local s
  for s in "$SIGNIN_SERVICE" "$SERVICE"; do
    run gcloud run services update "$s" --project "$PROJECT" --region "$REGION" \
      --update-env-vars "OAUTH_REDIRECT_URL=$REDIRECT_URL"
  done
}

# ensure_export_bucket makes the bucket the audit job writes exports to:
# uniform bucket-level access (IAM only, no object ACLs) and public access
# prevented, whether created now or before. The job's account may write
# (objectUser: Cloud Storage FUSE writes through a temporary object and a
# rename); the operators may read; nobody else is granted anything.
ensure_export_bucket() {
  step "export bucket gs://$EXPORT_BUCKET"
  if [[ $BUCKET_EXISTS -eq 1 ]]; then
    run gcloud storage buckets update "gs://$EXPORT_BUCKET" --uniform-bucket-level-access \
      --public-access-prevention
  else
    create gcloud storage buckets create "gs://$EXPORT_BUCKET" --project "$PROJECT" --location "$REGION" \
      --uniform-bucket-level-access --public-access-prevention
  fi
  run gcloud storage buckets add-iam-policy-binding "gs://$EXPORT_BUCKET" \
    --member "serviceAccount:$SA_EMAIL" --role roles/storage.objectUser --format none
  local p
  for p in ${OPERATORS//,/ }; do
    run gcloud storage buckets add-iam-policy-binding "gs://$EXPORT_BUCKET" \
      --member "$p" --role roles/storage.objectViewer --format none
  done
}

# deploy_jobs creates or updates the Cloud Run jobs run from the same
# image, as the same account, with DATABASE_URL from the same secret: the
# audit commands (the export bucket mounted at /exports; with no --args it
# prints its usage), the doctor (the service's Chat and OAuth settings) and,
# with --oauth-client-id, `onboard grants` (list, revoke, rekey). The image
# has no shell; the command is the job's --args, overridden per execution.
deploy_jobs() {
  local common=(--project "$PROJECT" --region "$REGION" --image "$IMAGE" --service-account "$SA_EMAIL"
    --tasks 1 --max-retries 0)
  [[ -z $CLOUDSQL_INSTANCE ]] || common+=(--set-cloudsql-instances "$CLOUDSQL_INSTANCE")
  local secrets="DATABASE_URL=$DB_SECRET:latest"
  step "Cloud Run job $AUDIT_JOB (onboard audit, exports to gs://$EXPORT_BUCKET)"
  run gcloud run jobs deploy "$AUDIT_JOB" "${common[@]}" --args audit,help --task-timeout 3600s \
    --set-secrets "$secrets" --set-env-vars "GOOGLE_CLOUD_PROJECT=$PROJECT" \
    --clear-volumes --add-volume "name=exports,type=cloud-storage,bucket=$EXPORT_BUCKET" \
    --clear-volume-mounts --add-volume-mount "volume=exports,mount-path=$EXPORT_MOUNT"
  step "Cloud Run job $DOCTOR_JOB (onboard doctor, with the service's settings)"
  local settings="CHAT_AUDIENCE=$AUDIENCE,GOOGLE_CLOUD_PROJECT=$PROJECT"
  [[ $AUDIENCE_MODE != url ]] || settings+=",CHAT_ADDON_SERVICE_ACCOUNT=$ADDON_AGENT"
  if oauth_on; then
    settings+=",$(oauth_env)" secrets+=",$(oauth_secrets)"
  fi
  run gcloud run jobs deploy "$DOCTOR_JOB" "${common[@]}" --args doctor --task-timeout 600s \
    --set-secrets "$secrets" --set-env-vars "$settings"
  oauth_on || return 0
  step "Cloud Run job $GRANTS_JOB (onboard grants: who connected an account; revoke; rekey)"
  run gcloud run jobs deploy "$GRANTS_JOB" "${common[@]}" --args grants,list --task-timeout 600s \
    --set-secrets "$secrets" --set-env-vars "GOOGLE_CLOUD_PROJECT=$PROJECT,$(oauth_env)"
}

# --- teardown -----------------------------------------------------------------

teardown() {
  say "# teardown: removes what setup.sh created in $PROJECT ($REGION)."
  if [[ $DELETE_DATA -eq 0 ]]; then
    say "# The database and the secrets are kept: they hold Onboard's data and people's connected accounts"
    say "# (add --delete-data to remove them)."
  fi
  step "remove the jobs"
  local job
  for job in "$AUDIT_JOB" "$DOCTOR_JOB" "$GRANTS_JOB"; do
    remove gcloud run jobs delete "$job" --project "$PROJECT" --region "$REGION" --quiet
  done
  step "remove the service $SERVICE (and who may invoke it)"
  remove gcloud run services delete "$SERVICE" --project "$PROJECT" --region "$REGION" --quiet
  step "remove the sign-in service $SIGNIN_SERVICE"
  remove gcloud run services delete "$SIGNIN_SERVICE" --project "$PROJECT" --region "$REGION" --quiet
  teardown_bucket
  step "remove the runtime account's access"
  local s
  for s in "$DB_SECRET" "$OAUTH_SECRET" "$TOKEN_KEY_SECRET"; do
    [[ -n $s && $DELETE_DATA -eq 0 ]] || continue
    remove gcloud secrets remove-iam-policy-binding "$s" --project "$PROJECT" \
      --member "serviceAccount:$SA_EMAIL" --role roles/secretmanager.secretAccessor --format none
  done
  if [[ -n $CLOUDSQL_INSTANCE ]]; then
    remove gcloud projects remove-iam-policy-binding "$(sql_project)" --member "serviceAccount:$SA_EMAIL" \
      --role roles/cloudsql.client --all --format none
  fi
  step "remove the runtime service account $SA_EMAIL"
  remove gcloud iam service-accounts delete "$SA_EMAIL" --project "$PROJECT" --quiet
  step "remove the Artifact Registry repository $REPOSITORY (the images)"
  remove gcloud artifacts repositories delete "$REPOSITORY" --project "$PROJECT" --location "$REGION" --quiet
  [[ $DELETE_DATA -eq 1 ]] || return 0
  if [[ -n $DB_SECRET ]]; then
    step "delete the database's secret $DB_SECRET (--delete-data)"
    remove gcloud secrets delete "$DB_SECRET" --project "$PROJECT" --quiet
  fi
  for s in "$OAUTH_SECRET" "$TOKEN_KEY_SECRET"; do
    [[ -n $s ]] || continue
    step "delete the OAuth secret $s (--delete-data)"
    remove gcloud secrets delete "$s" --project "$PROJECT" --quiet
  done
  if [[ -n $CLOUDSQL_INSTANCE ]]; then
    step "delete the Cloud SQL instance $CLOUDSQL_INSTANCE and every database in it (--delete-data)"
    remove gcloud sql instances delete "${CLOUDSQL_INSTANCE##*:}" --project "$(sql_project)" --quiet
  fi
}

# teardown_bucket deletes the export bucket with its exports under
# --delete-data, else only if it is empty. A kept bucket keeps the
# operators' read access (the exports are theirs) and loses the job's.
teardown_bucket() {
  step "the export bucket gs://$EXPORT_BUCKET"
  if [[ $DELETE_DATA -eq 1 ]]; then
    remove gcloud storage rm --recursive "gs://$EXPORT_BUCKET"
    return 0
  fi
  local objects
  objects=$(read_value "" gcloud storage ls "gs://$EXPORT_BUCKET" 2>/dev/null) || objects=""
  if [[ -z $objects ]]; then
    [[ $DRY_RUN -eq 0 ]] || say "  (dry run: deleted only if it holds no exports; else kept)"
    remove gcloud storage buckets delete "gs://$EXPORT_BUCKET"
    return 0
  fi
  say "  kept: it holds audit exports (--delete-data removes them with the bucket)"
  remove gcloud storage buckets remove-iam-policy-binding "gs://$EXPORT_BUCKET" \
    --member "serviceAccount:$SA_EMAIL" --role roles/storage.objectUser --format none
}

# --- what to do next, and what it costs -------------------------------------

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

# print_client_secret_steps shows how to put the OAuth client's secret in
# Secret Manager: read without echo into a shell variable, piped to gcloud,
# unset — never in a file, a command line or the shell's history.
print_client_secret_steps() {
  cat <<EOF

People connect their Google account through an OAuth client of type Web application.
Create it first (Google Auth Platform › Clients › Create client,
https://console.cloud.google.com/auth/clients?project=$PROJECT; deploy/README.md,
"Letting people connect their Google account"), then keep its secret in Secret Manager:

  read -rs CLIENT_SECRET    # paste the client secret (it is not shown), then Enter
  printf %s "\$CLIENT_SECRET" |
    gcloud secrets create $OAUTH_SECRET --project $PROJECT --replication-policy automatic --data-file=-
  unset CLIENT_SECRET

EOF
}

print_console_steps() {
  local audience_choice="HTTP endpoint URL" exact="byte for byte: same scheme and host, no trailing slash"
  local agent_note="
    The page's \"service account email\" there, $ADDON_AGENT,
    is the add-on service agent Chat may sign with: Onboard trusts it and it may invoke the service."
  if [[ $AUDIENCE_MODE == project ]]; then
    audience_choice="Project Number" exact="the project number, digits only" agent_note=""
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
    (Onboard expects CHAT_AUDIENCE=$AUDIENCE — $exact)$agent_note
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
$(commands_12_13)
  Visibility:  up to 5 people or a Google Group of your domain while testing
  Logs:        tick "Log errors to Logging"
  App status:  Live – available to users

================ One-time admin approval (before /invite can add anyone) ================
Onboard adds people with its own authority, using the scope
  https://www.googleapis.com/auth/chat.app.memberships
which a Google Workspace super administrator must approve once
(https://developers.google.com/workspace/chat/authenticate-authorize-chat-app,
"Receive administrator approval"; https://support.google.com/a/answer/15137461).

Developer, in project $PROJECT:
  1. IAM & Admin › Service Accounts › $SA_EMAIL › Advanced settings ›
     Create Google Workspace Marketplace-compatible OAuth client.
  2. APIs & Services › Library › Google Workspace Marketplace SDK › Enable; then its
     App Configuration: visibility Private, installation Individual + admin install,
     App integrations Chat app, OAuth scopes
       https://www.googleapis.com/auth/chat.app.memberships only — do not enter
       https://www.googleapis.com/auth/chat.bot there (it needs no approval);
     developer details; Save draft.
  3. Google Workspace Marketplace SDK › Store Listing: fill it in and click Publish
     (visibility Private keeps the app to your organization).
Super administrator, in the Google Admin console:
  4. Apps › Google Workspace Marketplace apps › Apps list › Onboard ›
     Data access › Grant access — at the root organizational unit.
Until then /invite reports: The administrator must grant the app the required
OAuth authorization scope for this action.

================ Onboard admins (who manage /plan) ================
  gcloud run services update $SERVICE --project $PROJECT --region $REGION \\
    --update-env-vars '^;^ONBOARD_ADMINS=you@example.com,someone@example.com'
(the ^;^ makes ; gcloud's separator, so the commas stay in the value)

================ Check it, and the audit log ================
  gcloud run jobs execute $DOCTOR_JOB --project $PROJECT --region $REGION --wait
  gcloud run jobs execute $AUDIT_JOB --project $PROJECT --region $REGION --wait \\
    --args=audit,export,--out,$EXPORT_MOUNT/audit-\$(date -u +%F).csv
  gcloud storage cp gs://$EXPORT_BUCKET/audit-\$(date -u +%F).csv .
(the doctor's ✓/✗ lines are in the job's logs; deploy/README.md, "Check it" and
"The audit log")

Then type /invite @someone in a space.
EOF
}

# commands_12_13 are the console's rows for /connect and /disconnect, which
# only a deployment with an OAuth client answers.
commands_12_13() {
  if oauth_on; then
    printf '%s\n' "  and, as this deployment connects people's accounts (--oauth-client-id):" \
      "    12  /connect     Connect your Google account to Onboard" \
      "    13  /disconnect  Disconnect your Google account from Onboard"
  else
    printf '%s\n' "  (12 /connect and 13 /disconnect come with --oauth-client-id: deploy/README.md," \
      "  \"Letting people connect their Google account\")"
  fi
}

# print_oauth_steps: what Google needs, once, that gcloud cannot do — the
# consent screen, the client's redirect URI, the administrator's trust —
# with Google's pages (deploy/README.md says the same, with why).
print_oauth_steps() {
  oauth_on || return 0
  cat >&3 <<EOF

================ Letting people connect their Google account (once) ================
The sign-in service: $SIGNIN_URL
(public; it answers only $CALLBACK_PATH and /health). gcloud cannot do the rest:

  1. OAuth consent screen — Google Auth Platform › Branding, then Audience
     (https://console.cloud.google.com/auth/audience?project=$PROJECT):
     App name Onboard, a support email; User type: Internal (your organisation's
     accounts only; Internal apps need no scopes listed and no verification).
     https://developers.google.com/workspace/guides/configure-oauth-consent
  2. The client $OAUTH_CLIENT_ID —
     Google Auth Platform › Clients › the client (type Web application;
     https://console.cloud.google.com/auth/clients?project=$PROJECT), under
     Authorized redirect URIs, exactly:
       $REDIRECT_URL
     Anything else, even a trailing slash, is Google's "Error 400: redirect_uri_mismatch".
     https://support.google.com/cloud/answer/15549257
  3. A Workspace administrator trusts the client: Admin console › Security ›
     Access and data control › API controls › App access control ›
     Manage Third-Party App Access — add the app by its client id
     $OAUTH_CLIENT_ID and set its access to Trusted.
     https://support.google.com/a/answer/7281227
     Until then people may see Google's "Access blocked" instead of the consent screen.
  4. The commands /connect (12) and /disconnect (13) on the Chat API configuration
     page, as listed above.

Who is connected, and revoking: gcloud run jobs execute $GRANTS_JOB --project $PROJECT \\
  --region $REGION --wait [--args=grants,revoke,--user,users/ID] (deploy/README.md).
EOF
}

# print_costs names what this deployment is billed for each month — the
# drivers and where to price them, not made-up numbers: prices depend on
# the region, the tier and the account's agreements.
print_costs() {
  cat >&3 <<EOF

================ What this costs each month (estimate it for your region) ================
  Cloud Run service: one instance always up with CPU always allocated (--min-instances 1,
    --no-cpu-throttling), billed for every second of the month whether or not anyone
    uses Onboard — a fixed cost. https://cloud.google.com/run/pricing
  Cloud SQL: the instance is billed for every hour it exists and runs (by tier; db-f1-micro
    is the smallest), plus its storage and backups. https://cloud.google.com/sql/pricing
  Storage: container images in Artifact Registry (https://cloud.google.com/artifact-registry/pricing),
    audit exports in gs://$EXPORT_BUCKET (https://cloud.google.com/storage/pricing), secret
    versions and accesses (https://cloud.google.com/secret-manager/pricing).
  Per use, usually small: Cloud Build minutes for each deploy, the jobs while they run,
    Cloud Logging beyond the free allotment.$(signin_cost)
  Add them up: https://cloud.google.com/products/calculator
  Cheaper when idle, slower jobs: deploy/README.md, "Background work and cost".
EOF
}

signin_cost() {
  oauth_on || return 0
  printf '\n%s\n%s' "  Sign-in service $SIGNIN_SERVICE: scales to zero (--min-instances 0, CPU only during a request," \
    "    at most 2 instances): billed per request, a few for each person who connects an account."
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
  trap on_error ERR
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  [[ $DRY_RUN -eq 1 ]] || command -v gcloud >/dev/null || die "gcloud not found: install the Google Cloud CLI"
  # Never wait for an answer to a prompt: every choice is a flag.
  export CLOUDSDK_CORE_DISABLE_PROMPTS=1

  SA_EMAIL="$SA_NAME@$PROJECT.iam.gserviceaccount.com"
  IMAGE="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/$SERVICE:$(date -u +%Y%m%d-%H%M%S)"
  URL="" AUDIENCE="" PROJECT_NUMBER="" ADDON_AGENT="" BUCKET_EXISTS=0
  SIGNIN_SERVICE="$SERVICE-signin" SIGNIN_URL="" REDIRECT_URL="" TOKEN_KEY_EXISTS=1
  [[ $DRY_RUN -eq 0 ]] || say "# dry run: nothing below is executed"
  if [[ $TEARDOWN -eq 1 ]]; then
    teardown
    step "done"
    say "Teardown finished."
    return 0
  fi
  require_database_secret
  check_inputs

  enable_apis
  ensure_token_key
  ensure_service_account
  ensure_repository
  build_image
  grant_database_access
  grant_oauth_access
  find_signin_url
  if [[ $AUDIENCE_MODE == url ]]; then
    deploy_url_mode
  else
    deploy_project_mode
  fi
  deploy_signin
  ensure_export_bucket
  deploy_jobs
  print_console_steps
  print_oauth_steps
  print_costs
}

main "$@"
