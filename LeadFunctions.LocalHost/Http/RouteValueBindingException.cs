namespace LeadFunctions.LocalHost.Http;

/// <summary>A request whose route value cannot become the function's parameter: the client's mistake, answered with 400.</summary>
internal sealed class RouteValueBindingException(string message) : Exception(message);
