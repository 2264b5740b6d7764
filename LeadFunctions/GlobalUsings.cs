// The app's namespaces, one a stage or a piece of plumbing, so a file names any type of the app without a
// using per folder. Every project of the solution compiles this file too (its csproj links it).
global using LeadFunctions;
global using LeadFunctions.Ai;
global using LeadFunctions.Batches;
global using LeadFunctions.Callbacks;
global using LeadFunctions.Configuration;
global using LeadFunctions.Csv;
global using LeadFunctions.Dashboard;
global using LeadFunctions.Docs;
global using LeadFunctions.Http;
global using LeadFunctions.Ingest;
global using LeadFunctions.Leads;
global using LeadFunctions.Offers;
global using LeadFunctions.Operations;
global using LeadFunctions.Results;
global using LeadFunctions.Scoring;
global using LeadFunctions.Storage;
global using LeadFunctions.Telemetry;
