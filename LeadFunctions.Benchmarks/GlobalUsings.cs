// This project's namespaces and the test toolkit's; the app's come from LeadFunctions/GlobalUsings.cs.
global using LeadFunctions.Testing;
global using LeadFunctions.Testing.Browser;
