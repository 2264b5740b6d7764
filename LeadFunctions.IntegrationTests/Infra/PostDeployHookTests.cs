using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.IntegrationTests.Infra;

/// <summary>
/// scripts/post-deploy.sh, the azd postdeploy hook that subscribes the blob trigger's webhook to the storage account's
/// BlobCreated events, run against a fake <c>az</c> (and <c>curl</c>) on PATH that logs every call and keeps the
/// event subscriptions it was given, as Azure Resource Manager would.
/// </summary>
public sealed class PostDeployHookTests : IDisposable
{
    private const string Script = "scripts/post-deploy.sh";
    private const string TopicId = "/subscriptions/0000/resourceGroups/rg-test/providers/Microsoft.EventGrid/systemTopics/evgt-test";
    private const string StorageId = "/subscriptions/0000/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/sttest";
    private const string SubscriptionPath = TopicId + "/eventSubscriptions/lead-uploads-csv";
    private const string Key = "blobs+extension/key_0123==";
    private const string EncodedKey = "blobs%2Bextension%2Fkey_0123%3D%3D";

    private const string FakeAz = """
        #!/usr/bin/env bash
        # Fake Azure CLI for PostDeployHookTests: logs each call, answers the queries the hook makes, keeps PUT bodies.
        set -euo pipefail
        state="$FAKE_AZ_STATE"
        { printf '%s' "az"; printf ' %s' "$@"; printf '\n'; } >> "$state/calls.log"
        option() {
          local wanted="$1"; shift
          while [ "$#" -gt 1 ]; do
            if [ "$1" = "$wanted" ]; then printf '%s' "$2"; return 0; fi
            shift
          done
        }
        case "$1 $2" in
          "functionapp keys")
            keys_calls=$(( $(cat "$state/key-calls" 2>/dev/null || echo 0) + 1 ))
            echo "$keys_calls" > "$state/key-calls"
            if [ "$keys_calls" -gt "${FAKE_AZ_KEY_AFTER_CALLS:-0}" ]; then printf '%s\n' "${FAKE_AZ_KEY:-}"; fi
            ;;
          "rest --method")
            url=$(option --url "$@")
            path="${url%%\?*}"
            mkdir -p "$state/resources"
            file="$state/resources/$(printf '%s' "$path" | tr '/' '_')"
            case "$(option --method "$@")" in
              put) cp "$(option --body "$@" | sed 's/^@//')" "$file" ;;
              get)
                if [ ! -f "$file" ]; then echo "ERROR: (ResourceNotFound) $path" >&2; exit 3; fi
                case "$(option --query "$@")" in
                  id) printf '%s\n' "$path" ;;
                  properties.provisioningState) printf '%s\n' "${FAKE_AZ_PROVISIONING_STATE:-Succeeded}" ;;
                  *) cat "$file" ;;
                esac
                ;;
              *) echo "fake az: unexpected method" >&2; exit 2 ;;
            esac
            ;;
          *) echo "fake az: unexpected command: $*" >&2; exit 2 ;;
        esac
        """;

    private const string FakeCurl = """
        #!/usr/bin/env bash
        { printf '%s' "curl"; printf ' %s' "$@"; printf '\n'; } >> "$FAKE_AZ_STATE/calls.log"
        exit 7
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("leadfunctions-hook-");

    public PostDeployHookTests()
    {
        var bin = _folder.CreateSubdirectory("bin").FullName;
        WriteExecutable(Path.Combine(bin, "az"), FakeAz);
        WriteExecutable(Path.Combine(bin, "curl"), FakeCurl);
    }

    private string State => _folder.FullName;

    private string[] Calls => File.Exists(Path.Combine(State, "calls.log")) ? File.ReadAllLines(Path.Combine(State, "calls.log")) : [];

    private string[] StoredSubscriptions =>
        Directory.Exists(Path.Combine(State, "resources")) ? Directory.GetFiles(Path.Combine(State, "resources")) : [];

    [Fact]
    public async Task Script_parses_as_bash()
    {
        var check = await ShellScript.RunAsync("bash", ["-n", Script]);

        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [ShellcheckFact]
    public async Task Script_passes_shellcheck()
    {
        var check = await ShellScript.RunAsync("shellcheck", [Script]);

        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public async Task Running_twice_creates_one_subscription_then_updates_it_in_place()
    {
        var first = await RunAsync();
        var firstBody = File.ReadAllText(Assert.Single(StoredSubscriptions));
        var second = await RunAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Created event subscription lead-uploads-csv", first.StandardOutput);
        Assert.Contains("Updated event subscription lead-uploads-csv", second.StandardOutput);
        var stored = Assert.Single(StoredSubscriptions);
        Assert.Equal(firstBody, File.ReadAllText(stored));

        var writes = Calls.Where(call => call.StartsWith("az rest --method put", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, write => Assert.Contains($"--url {SubscriptionPath}?api-version=", write));
        Assert.DoesNotContain(Calls, call => call.Contains("delete", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Subscription_sends_csv_blob_created_events_of_the_uploads_container_to_the_blob_trigger_webhook()
    {
        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        var properties = JsonNode.Parse(File.ReadAllText(Assert.Single(StoredSubscriptions)))!["properties"]!;

        Assert.Equal("WebHook", properties["destination"]!["endpointType"]!.GetValue<string>());
        Assert.Equal(
            $"https://func-api-test.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.IngestUploadedCsv&code={EncodedKey}",
            properties["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>());
        var filter = properties["filter"]!;
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(type => type!.GetValue<string>()));
        Assert.Equal("/blobServices/default/containers/lead-uploads/", filter["subjectBeginsWith"]!.GetValue<string>());
        Assert.Equal(".csv", filter["subjectEndsWith"]!.GetValue<string>());
        Assert.False(filter["isSubjectCaseSensitive"]!.GetValue<bool>(), "Upload.CSV must match too.");
        Assert.Equal("EventGridSchema", properties["eventDeliverySchema"]!.GetValue<string>());

        Assert.Equal(30, properties["retryPolicy"]!["maxDeliveryAttempts"]!.GetValue<int>());
        Assert.Equal(1440, properties["retryPolicy"]!["eventTimeToLiveInMinutes"]!.GetValue<int>());

        // Dead letters go to their container as the system topic's identity: the account accepts no keys.
        var deadLetter = properties["deadLetterWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", deadLetter["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("StorageBlob", deadLetter["deadLetterDestination"]!["endpointType"]!.GetValue<string>());
        Assert.Equal(StorageId, deadLetter["deadLetterDestination"]!["properties"]!["resourceId"]!.GetValue<string>());
        Assert.Equal("blob-events-deadletter", deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]!.GetValue<string>());
        Assert.Null(properties["deadLetterDestination"]);

        Assert.Contains(
            Calls,
            call => call.StartsWith("az functionapp keys list --subscription 0000 --resource-group rg-test --name func-api-test --query systemKeys.blobs_extension", StringComparison.Ordinal));
        // The key travels in a temporary body file, never on a command line.
        Assert.Contains(Calls, call => call.Contains("--body @", StringComparison.Ordinal));
        Assert.DoesNotContain(Calls, call => call.Contains(Key, StringComparison.Ordinal) || call.Contains(EncodedKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_policy_comes_from_the_azd_environment_and_out_of_range_values_are_refused()
    {
        var tuned = await RunAsync(new() { ["BLOB_EVENTS_MAX_DELIVERY_ATTEMPTS"] = "10", ["BLOB_EVENTS_TTL_MINUTES"] = "120" });
        Assert.True(tuned.ExitCode == 0, tuned.ToString());
        var retry = JsonNode.Parse(File.ReadAllText(Assert.Single(StoredSubscriptions)))!["properties"]!["retryPolicy"]!;
        Assert.Equal(10, retry["maxDeliveryAttempts"]!.GetValue<int>());
        Assert.Equal(120, retry["eventTimeToLiveInMinutes"]!.GetValue<int>());

        var refused = await RunAsync(new() { ["BLOB_EVENTS_MAX_DELIVERY_ATTEMPTS"] = "31" });
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("BLOB_EVENTS_MAX_DELIVERY_ATTEMPTS must be 1-30", refused.StandardError);
    }

    [Fact]
    public async Task A_key_that_appears_late_is_waited_for_and_the_app_is_woken_once()
    {
        var run = await RunAsync(new() { ["FAKE_AZ_KEY_AFTER_CALLS"] = "2" });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, Calls.Count(call => call.StartsWith("az functionapp keys list", StringComparison.Ordinal)));
        var wake = Assert.Single(Calls, call => call.StartsWith("curl", StringComparison.Ordinal));
        Assert.EndsWith(" https://func-api-test.azurewebsites.net/api/health", wake);
        Assert.Single(StoredSubscriptions);
    }

    [Fact]
    public async Task No_key_after_the_bounded_attempts_fails_without_touching_event_grid()
    {
        var run = await RunAsync(new() { ["FAKE_AZ_KEY"] = "", ["BLOB_EVENTS_KEY_ATTEMPTS"] = "4" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("no blobs_extension system key after 4 attempts", run.StandardError);
        Assert.Equal(4, Calls.Count(call => call.StartsWith("az functionapp keys list", StringComparison.Ordinal)));
        Assert.DoesNotContain(Calls, call => call.StartsWith("az rest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_azd_subscription_the_cli_default_one_is_used()
    {
        var run = await RunAsync(new() { ["AZURE_SUBSCRIPTION_ID"] = null });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(Calls, call => call.StartsWith("az functionapp keys list --resource-group rg-test ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_azd_value_fails_before_any_azure_call()
    {
        var run = await RunAsync(new() { ["AZURE_EVENTGRID_SYSTEM_TOPIC_ID"] = null });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AZURE_EVENTGRID_SYSTEM_TOPIC_ID is not set", run.StandardError);
        Assert.Empty(Calls);
    }

    [Fact]
    public async Task A_subscription_that_fails_validation_fails_the_hook()
    {
        var run = await RunAsync(new() { ["FAKE_AZ_PROVISIONING_STATE"] = "Failed" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("is 'Failed', not Succeeded", run.StandardError);
    }

    [Fact]
    public void Script_targets_the_apps_blob_triggered_function()
    {
        var blobFunctions = typeof(IngestUploadedCsvFunction).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .Where(method => method.GetParameters().Any(parameter => parameter.GetCustomAttribute<BlobTriggerAttribute>() is not null))
            .Select(method => method.GetCustomAttribute<FunctionAttribute>()?.Name)
            .ToList();

        var name = Assert.Single(blobFunctions);
        Assert.Contains($"readonly function_name=\"{name}\"", File.ReadAllText(RepositoryRoot.Combine(Script)));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private Task<ShellScriptResult> RunAsync(Dictionary<string, string?>? overrides = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{Path.Combine(State, "bin")}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["FAKE_AZ_STATE"] = State,
            ["FAKE_AZ_KEY"] = Key,
            ["AZURE_SUBSCRIPTION_ID"] = "0000",
            ["AZURE_RESOURCE_GROUP"] = "rg-test",
            ["AZURE_FUNCTION_APP_NAME"] = "func-api-test",
            ["SERVICE_API_URI"] = "https://func-api-test.azurewebsites.net",
            ["AZURE_UPLOADS_CONTAINER"] = "lead-uploads",
            ["AZURE_STORAGE_ACCOUNT_ID"] = StorageId,
            ["AZURE_DEAD_LETTER_CONTAINER"] = "blob-events-deadletter",
            ["AZURE_EVENTGRID_SYSTEM_TOPIC_ID"] = TopicId,
            ["BLOB_EVENTS_MAX_DELIVERY_ATTEMPTS"] = null,
            ["BLOB_EVENTS_TTL_MINUTES"] = null,
            ["BLOB_EVENTS_KEY_PAUSE_SECONDS"] = "0",
            ["BLOB_EVENTS_STATE_PAUSE_SECONDS"] = "0",
        };
        foreach (var (name, value) in overrides ?? [])
        {
            environment[name] = value;
        }

        return ShellScript.RunAsync("bash", [Script], environment);
    }

    private static void WriteExecutable(string path, string content)
    {
        File.WriteAllText(path, content.ReplaceLineEndings("\n") + "\n");
        // The hook is a POSIX script; bash finds the fakes only when they are executable.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
