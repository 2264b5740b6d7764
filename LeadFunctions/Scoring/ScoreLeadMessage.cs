namespace LeadFunctions.Scoring;

/// <summary>
/// The scoring queue's message: one per accepted lead. Processing it twice must be harmless. <see cref="Lead"/>, when
/// present, is the queued lead as its sender wrote it, so scoring need not read it (a message without it, such as one
/// sent before it existed or for a lead too big to carry, makes scoring read the lead).
/// </summary>
public sealed record ScoreLeadMessage(string OfferId, string LeadId, string BatchId, QueuedLead? Lead = null);

/// <summary>
/// A queued lead as written: its fields, creation time, ETag, the ETag of its batch's marker (counting it queued), the
/// AI classification it keeps, and the file line that owns it (a later segment's repeat of the lead compares lines
/// with what scoring wrote back, so the copy must not drop it). Scoring writes its result under these ETags, so a lead changed since is never
/// overwritten from this copy: the write fails and scoring reads the lead.
/// </summary>
public sealed record QueuedLead(
    LeadFields Fields,
    DateTimeOffset CreatedAt,
    string Etag,
    string MarkerEtag,
    Ai.KeyedClassification? Classification = null,
    long? IngestLine = null);
