namespace LeadFunctions.Leads;

/// <summary>
/// Lead ids are <c>{offer id}-{identity hash}</c>: stable for a (name, company) within an offer, so re-uploads find the
/// same lead, and self-locating, so <c>GET /api/leads/{id}</c> reads one entity without a lookup table.
/// </summary>
public static class LeadIds
{
    public static string Create(string offerId, string identityHash) => $"{offerId}-{identityHash}";

    /// <summary>The offer id inside a lead id, or null if the text can't be a lead id.</summary>
    public static string? OfferOf(string? leadId)
    {
        if (!TableKeys.IsValid(leadId))
        {
            return null;
        }

        var dash = leadId!.IndexOf('-');
        return dash > 0 && dash < leadId.Length - 1 ? leadId[..dash] : null;
    }
}
