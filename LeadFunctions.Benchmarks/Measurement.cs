namespace LeadFunctions.Benchmarks;

/// <summary>One line of the report: a figure, and the goal it is held against when there is one.</summary>
/// <param name="Met">Null when the line has no goal.</param>
public sealed record Measurement(string Scenario, string Name, string Value, string? Goal = null, bool? Met = null);
