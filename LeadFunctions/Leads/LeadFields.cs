namespace LeadFunctions.Leads;

/// <summary>The six lead columns of the CSV contract. Values are untrusted user text; blanks are empty strings, never null.</summary>
public sealed record LeadFields(
    string Name,
    string Role,
    string Company,
    string Industry,
    string Location,
    string LinkedinBio);
