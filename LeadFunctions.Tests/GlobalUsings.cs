// This project's namespaces and the test toolkit's; the app's come from LeadFunctions/GlobalUsings.cs.
global using LeadFunctions.Testing;
global using LeadFunctions.Testing.Browser;
global using LeadFunctions.Tests.Ai;
global using LeadFunctions.Tests.Batches;
global using LeadFunctions.Tests.Callbacks;
global using LeadFunctions.Tests.Configuration;
global using LeadFunctions.Tests.Csv;
global using LeadFunctions.Tests.Dashboard;
global using LeadFunctions.Tests.Docs;
global using LeadFunctions.Tests.Http;
global using LeadFunctions.Tests.Leads;
global using LeadFunctions.Tests.LocalHost;
global using LeadFunctions.Tests.Offers;
global using LeadFunctions.Tests.Results;
global using LeadFunctions.Tests.Scoring;
global using LeadFunctions.Tests.Telemetry;
global using LeadFunctions.Tests.Testing;
