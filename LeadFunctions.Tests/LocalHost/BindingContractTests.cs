using System.Text.Json.Nodes;
using LeadFunctions.LocalHost.Catalogue;

namespace LeadFunctions.Tests.LocalHost;

public class BindingContractTests
{
    private static readonly JsonArray Metadata = FunctionsMetadata.Load(FunctionsMetadata.Locate());

    [Fact]
    public void Local_host_binds_exactly_the_triggers_of_functions_metadata()
    {
        var differences = BindingContract.Differences(FunctionsMetadata.Triggers(Metadata), LocalFunctionCatalogue.Describe());

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Theory]
    [InlineData("IngestSegment", LeadFunctions.Configuration.LeadScoringOptions.IngestQueueExpression)]
    [InlineData("RecordPoisonedIngest", LeadFunctions.Configuration.LeadScoringOptions.IngestPoisonQueueExpression)]
    [InlineData("DeliverBatchCallback", LeadFunctions.Configuration.LeadScoringOptions.WebhookQueueExpression)]
    public void Each_queue_function_listens_on_its_own_queue_in_functions_metadata_and_the_local_host(string function, string queue)
    {
        var declared = Assert.Single(FunctionsMetadata.Triggers(Metadata), b => b.Name == function);
        var bound = Assert.Single(LocalFunctionCatalogue.Describe(), b => b.Name == function);

        Assert.Equal(("queueTrigger", queue, LeadFunctions.Configuration.LeadScoringOptions.StorageConnection), (declared.TriggerType, declared.QueueName, declared.Connection));
        // Methods is a list, compared by content elsewhere (BindingContract); queue triggers have none.
        Assert.Equal(declared with { Methods = null }, bound with { Methods = null });
    }

    [Fact]
    public void A_trigger_changed_in_the_app_only_is_reported()
    {
        var drifted = Metadata.DeepClone().AsArray();
        var scoreLead = Function(drifted, "ScoreLead");
        scoreLead["bindings"]![0]!["queueName"] = "%LeadScoring:ScoringQueue%-v2";
        Function(drifted, "IngestUploadedCsv")["bindings"]![0]!["connection"] = "OtherStorage";
        Function(drifted, "Health")["bindings"]![0]!["methods"] = new JsonArray("get", "post");

        var differences = BindingContract.Differences(FunctionsMetadata.Triggers(drifted), LocalFunctionCatalogue.Describe());

        Assert.Contains(differences, d => d.StartsWith("in functions.metadata, not bound", StringComparison.Ordinal) && d.Contains("-v2", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("bound by the local host", StringComparison.Ordinal) && d.Contains("ScoreLead", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("connection=OtherStorage", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("methods=get,post", StringComparison.Ordinal));
    }

    [Fact]
    public void The_blob_trigger_takes_the_Event_Grid_source_on_both_sides()
    {
        Assert.Equal("EventGrid", FunctionsMetadata.Triggers(Metadata).Single(b => b.Name == "IngestUploadedCsv").Source);

        // A polling trigger in the app (the worker SDK then writes no source) against the local host's Event Grid one.
        var polling = Metadata.DeepClone().AsArray();
        Function(polling, "IngestUploadedCsv")["bindings"]![0]!.AsObject().Remove("source");

        var differences = BindingContract.Differences(FunctionsMetadata.Triggers(polling), LocalFunctionCatalogue.Describe());

        Assert.Contains(differences, d => d.StartsWith("in functions.metadata, not bound", StringComparison.Ordinal) && d.Contains("source=LogsAndContainerScan", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("bound by the local host", StringComparison.Ordinal) && d.Contains("source=EventGrid", StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_missing_on_either_side_is_reported()
    {
        var withoutPoison = Metadata.DeepClone().AsArray();
        withoutPoison.Remove(Function(withoutPoison, "RecordPoisonedLead"));
        var local = LocalFunctionCatalogue.Describe().Where(b => b.Name != "Health");

        var differences = BindingContract.Differences(FunctionsMetadata.Triggers(withoutPoison), local);

        Assert.Equal(2, differences.Count);
        Assert.Contains(differences, d => d.StartsWith("in functions.metadata, not bound by the local host: Health ", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("bound by the local host, not in functions.metadata: RecordPoisonedLead ", StringComparison.Ordinal));
    }

    private static JsonObject Function(JsonArray functions, string name) =>
        functions.Select(f => f!.AsObject()).Single(f => (string?)f["name"] == name);
}
