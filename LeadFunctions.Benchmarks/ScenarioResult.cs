namespace LeadFunctions.Benchmarks;

/// <summary>What a scenario measured, and what it found wrong with the data (lost, duplicated or unscored leads).</summary>
public sealed record ScenarioResult(IReadOnlyList<Measurement> Measurements, IReadOnlyList<string> IntegrityFailures);
