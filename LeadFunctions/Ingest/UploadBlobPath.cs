namespace LeadFunctions.Ingest;

/// <summary>
/// Reads the offer id out of an uploads-container blob name, <c>{offer_id}/{anything}.csv</c>, or says what is wrong
/// with it. The folder is returned even when it is not a valid id, so the failed batch can show it.
/// </summary>
public static class UploadBlobPath
{
    public static (string OfferId, string? Problem) Parse(string blobName)
    {
        var slash = blobName.IndexOf('/');
        if (slash <= 0)
        {
            return ("", $"The blob '{blobName}' is not in an offer's folder: write CSV files to {{container}}/{{offer_id}}/{{name}}.csv.");
        }

        var offerId = blobName[..slash];
        if (!TableKeys.IsValid(offerId))
        {
            return (offerId, $"The blob's folder '{offerId}' is not a valid offer id.");
        }

        if (!blobName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return (offerId, $"The blob '{blobName}' is not a .csv file.");
        }

        return (offerId, null);
    }
}
