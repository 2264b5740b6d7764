using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Results;

/// <summary>
/// <c>GET /api/leads/export_csv</c>: every matching lead in score order, streamed as it is read (no row cap, flat memory),
/// with the original's header and every cell guarded against spreadsheet formula injection.
/// </summary>
public sealed class ExportLeadsCsvFunction(LeadReader reader)
{
    public const string FileName = "leads_export.csv";

    [Function("ExportLeadsCsv")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/export_csv")] HttpRequest request, CancellationToken ct)
    {
        var (filter, errors) = LeadQueryParser.ParseFilter(request.Query);
        var byteOrderMark = LeadQueryParser.Flag(request.Query, "bom", errors);
        return filter is null || errors.Count > 0
            ? Problems.Validation(errors)
            : new CsvStreamResult((body, token) => WriteAsync(filter, byteOrderMark, body, token));
    }

    private async IAsyncEnumerable<ExportRow> Rows(LeadFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var lead in reader.ReadAsync(filter, after: null, pageHint: 1000, ct))
        {
            yield return new ExportRow(lead.Name, lead.Role, lead.Company, lead.Industry, lead.Location, lead.Intent, lead.Score, lead.Reasoning);
        }
    }

    private async Task WriteAsync(LeadFilter filter, bool byteOrderMark, Stream body, CancellationToken ct)
    {
        await using var writer = new LeadCsvExportWriter(body, leaveOpen: true, byteOrderMark);
        await writer.WriteAllAsync(Rows(filter, ct), ct);
    }

    /// <summary>Writes the CSV straight to the response body as rows arrive.</summary>
    private sealed class CsvStreamResult(Func<Stream, CancellationToken, Task> write) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            var ct = context.HttpContext.RequestAborted;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";
            await write(response.Body, ct);
        }
    }
}
