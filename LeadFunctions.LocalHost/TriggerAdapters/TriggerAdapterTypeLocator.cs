using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>Tells the WebJobs host exactly which classes hold functions: the adapters, and nothing it might find by scanning.</summary>
public sealed class TriggerAdapterTypeLocator : ITypeLocator
{
    /// <summary>One adapter per blob/queue-triggered function of the app.</summary>
    public static IReadOnlyList<Type> AdapterTypes { get; } =
        [typeof(IngestUploadedCsvTrigger), typeof(ScoreLeadTrigger), typeof(RecordPoisonedLeadTrigger), typeof(RunOperationTrigger),
         typeof(IngestSegmentTrigger), typeof(RecordPoisonedIngestTrigger), typeof(DeliverBatchCallbackTrigger)];

    public IReadOnlyList<Type> GetTypes() => AdapterTypes;
}
