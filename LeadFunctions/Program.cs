using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpFunctionMiddleware>();
builder.Services.AddApplicationServices(builder.Configuration);
builder.Services.AddLeadTelemetry(builder.Configuration);
builder.Build().Run();
