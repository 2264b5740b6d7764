namespace LeadFunctions.Ingest;

/// <summary>
/// One piece of ingest work on the ingest queue: a planning step (<see cref="IngestMessage.Plan"/>: find the segments
/// of the file from <see cref="StartByte"/>, on <see cref="StartLine"/>, numbering them from <see cref="Segment"/>) or
/// a segment to ingest (<see cref="IngestMessage.Ingest"/>: segment number <see cref="Segment"/>).
/// </summary>
public sealed record IngestMessage(string BatchId, string Kind, int Segment, long StartByte = 0, int StartLine = 0)
{
    public const string Plan = "plan";
    public const string Ingest = "segment";
}
