#!/usr/bin/env bash
# azd postdeploy hook: creates or updates the Event Grid subscription that delivers BlobCreated events for CSVs in the
# uploads container to the blob trigger's webhook. The webhook URL carries the blobs_extension system key, which the
# Functions host creates only once the code is deployed, hence a hook rather than Bicep (see the README, "Deploy to
# Azure"). The subscription is PUT under a fixed name, so running this again updates it in place.
#
# Reads the azd environment (azd passes it to hooks): AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, SERVICE_API_URI,
# AZURE_UPLOADS_CONTAINER, AZURE_STORAGE_ACCOUNT_ID, AZURE_DEAD_LETTER_CONTAINER, AZURE_EVENTGRID_SYSTEM_TOPIC_ID.
# Optional: AZURE_SUBSCRIPTION_ID (azd sets it; otherwise az's default subscription is used),
# BLOB_EVENTS_MAX_DELIVERY_ATTEMPTS (1-30, default 30), BLOB_EVENTS_TTL_MINUTES (1-1440, default 1440).
set -euo pipefail

# The blob-triggered function (LeadFunctions/Ingest/IngestUploadedCsvFunction.cs).
readonly function_name="IngestUploadedCsv"
readonly subscription_name="lead-uploads-csv"
readonly api_version="2025-02-15"
max_delivery_attempts="${BLOB_EVENTS_MAX_DELIVERY_ATTEMPTS:-30}"
event_ttl_minutes="${BLOB_EVENTS_TTL_MINUTES:-1440}"
# Bounds on the waits below; the tests set the pauses to 0.
key_attempts="${BLOB_EVENTS_KEY_ATTEMPTS:-12}"
key_pause_seconds="${BLOB_EVENTS_KEY_PAUSE_SECONDS:-10}"
state_attempts="${BLOB_EVENTS_STATE_ATTEMPTS:-36}"
state_pause_seconds="${BLOB_EVENTS_STATE_PAUSE_SECONDS:-5}"

fail() {
  echo "post-deploy: error: $*" >&2
  exit 1
}

for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME SERVICE_API_URI AZURE_UPLOADS_CONTAINER \
  AZURE_STORAGE_ACCOUNT_ID AZURE_DEAD_LETTER_CONTAINER AZURE_EVENTGRID_SYSTEM_TOPIC_ID; do
  [ -n "${!name:-}" ] || fail "$name is not set: run this through azd (azd deploy), or export the azd environment first (azd env get-values)"
done

in_range() {
  # $1 value, $2 lowest, $3 highest: a whole number within the bounds.
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}
in_range "$max_delivery_attempts" 1 30 || fail "BLOB_EVENTS_MAX_DELIVERY_ATTEMPTS must be 1-30, not '$max_delivery_attempts'"
in_range "$event_ttl_minutes" 1 1440 || fail "BLOB_EVENTS_TTL_MINUTES must be 1-1440, not '$event_ttl_minutes'"
for count in key_attempts state_attempts; do
  in_range "${!count}" 1 100 || fail "$count must be 1-100, not '${!count}'"
done
for pause in key_pause_seconds state_pause_seconds; do
  in_range "${!pause}" 0 600 || fail "$pause must be 0-600 seconds, not '${!pause}'"
done

command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is not installed; see the README's prerequisites"

url_encode() {
  # $1 with every byte outside RFC 3986's unreserved characters percent-encoded (a key may end in '=' or hold '+').
  local value="$1" encoded="" char i
  for ((i = 0; i < ${#value}; i++)); do
    char="${value:i:1}"
    case "$char" in
      [A-Za-z0-9._~-]) encoded+="$char" ;;
      *) printf -v char '%%%02X' "'$char" && encoded+="$char" ;;
    esac
  done
  printf '%s' "$encoded"
}

json_string() {
  # A JSON string literal of $1 (backslashes and double quotes escaped; the values here hold no control characters).
  local value="${1//\\/\\\\}"
  printf '"%s"' "${value//\"/\\\"}"
}

# azd's subscription, when az's default is another one. Expanded as ${a[@]+...}: bash 3.2 (macOS's) calls an empty
# array unbound under set -u.
subscription_option=()
if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then subscription_option=(--subscription "$AZURE_SUBSCRIPTION_ID"); fi

# The host writes the blobs_extension key when it first starts with the Event Grid blob trigger; a Flex app may
# still be cold right after the deploy, so ask a few times and wake it once.
key=""
for ((attempt = 1; attempt <= key_attempts; attempt++)); do
  key=$(az functionapp keys list ${subscription_option[@]+"${subscription_option[@]}"} --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  if [ "$attempt" -eq 1 ]; then
    echo "post-deploy: no blobs_extension key yet; starting the app and waiting for it"
    curl --silent --output /dev/null --max-time 30 "${SERVICE_API_URI%/}/api/health" || true
  fi
  if [ "$attempt" -lt "$key_attempts" ]; then sleep "$key_pause_seconds"; fi
done
[ -n "$key" ] || fail "the function app has no blobs_extension system key after $key_attempts attempts; check that the deploy succeeded and that $function_name is a blob trigger with Source = BlobTriggerSource.EventGrid"

webhook="${SERVICE_API_URI%/}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=$(url_encode "$key")"
subscription_url="${AZURE_EVENTGRID_SYSTEM_TOPIC_ID}/eventSubscriptions/${subscription_name}?api-version=${api_version}"

# az eventgrid system-topic event-subscription create cannot dead-letter with the topic's identity, which a storage
# account without shared keys needs, so this PUTs the ARM resource itself: the same create-or-update call.
body=$(mktemp)
trap 'rm -f "$body"' EXIT
cat >"$body" <<JSON
{
  "properties": {
    "destination": {
      "endpointType": "WebHook",
      "properties": { "endpointUrl": $(json_string "$webhook") }
    },
    "filter": {
      "includedEventTypes": ["Microsoft.Storage.BlobCreated"],
      "subjectBeginsWith": $(json_string "/blobServices/default/containers/${AZURE_UPLOADS_CONTAINER}/"),
      "subjectEndsWith": ".csv",
      "isSubjectCaseSensitive": false
    },
    "eventDeliverySchema": "EventGridSchema",
    "retryPolicy": {
      "maxDeliveryAttempts": ${max_delivery_attempts},
      "eventTimeToLiveInMinutes": ${event_ttl_minutes}
    },
    "deadLetterWithResourceIdentity": {
      "identity": { "type": "SystemAssigned" },
      "deadLetterDestination": {
        "endpointType": "StorageBlob",
        "properties": {
          "resourceId": $(json_string "$AZURE_STORAGE_ACCOUNT_ID"),
          "blobContainerName": $(json_string "$AZURE_DEAD_LETTER_CONTAINER")
        }
      }
    }
  }
}
JSON

if az rest --method get --url "$subscription_url" --query id --output tsv >/dev/null 2>&1; then
  action="Updated"
else
  action="Created"
fi
az rest --method put --url "$subscription_url" --headers "Content-Type=application/json" --body "@$body" --output none \
  || fail "could not create or update event subscription $subscription_name"

# Event Grid validates the webhook (the blobs extension answers the handshake) before the subscription succeeds.
state=""
for ((attempt = 1; attempt <= state_attempts; attempt++)); do
  state=$(az rest --method get --url "$subscription_url" --query properties.provisioningState --output tsv 2>/dev/null || true)
  case "$state" in
    Succeeded | Failed | Canceled) break ;;
  esac
  if [ "$attempt" -lt "$state_attempts" ]; then sleep "$state_pause_seconds"; fi
done
[ "$state" = "Succeeded" ] || fail "event subscription $subscription_name is '${state:-unknown}', not Succeeded; see its state in the portal (Event Grid system topic > Event Subscriptions)"

echo "post-deploy: $action event subscription $subscription_name: BlobCreated for *.csv in $AZURE_UPLOADS_CONTAINER -> Host.Functions.$function_name (max $max_delivery_attempts attempts, $event_ttl_minutes min TTL, dead letters to $AZURE_DEAD_LETTER_CONTAINER)"
