using System.Text.Json.Nodes;

namespace LeadFunctions.IntegrationTests.Infra;

/// <summary>What the compiled infra/main.bicep deploys: resources, identity-based settings and least-privilege roles.</summary>
[Collection(InfraCollection.Name)]
public sealed class MainTemplateTests(CompiledMainTemplate compiled)
{
    // Built-in role definition IDs, from the Azure built-in roles reference.
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string CognitiveServicesOpenAIUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private ArmTemplate Main => compiled.Template;

    public static TheoryData<string, string, string[]> IdentityRolesByModule => new()
    {
        { "storage", "Microsoft.Storage/storageAccounts", [StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor] },
        { "openai", "Microsoft.CognitiveServices/accounts", [CognitiveServicesOpenAIUser] },
        { "monitoring", "Microsoft.Insights/components", [MonitoringMetricsPublisher] },
    };

    [Theory]
    [MemberData(nameof(IdentityRolesByModule))]
    public void Function_identity_gets_exactly_its_data_roles_scoped_to_each_resource(string module, string scopeType, string[] expectedRoles)
    {
        var assignments = RoleAssignmentsPassedTo(module);
        var identityRoles = assignments
            .Where(assignment => ArmTemplate.IsModuleOutput(ArmTemplate.Text(assignment["principalId"]), "identity", "principalId"))
            .ToList();

        Assert.Equal(expectedRoles.Order(), identityRoles.Select(RoleOf).Order());
        Assert.All(identityRoles, assignment => Assert.Equal("ServicePrincipal", ArmTemplate.Text(assignment["principalType"])));
        AssertRoleAssignmentsAreScopedTo(module, scopeType);
    }

    [Fact]
    public void Deploying_user_gets_only_blob_upload_and_model_access_and_only_when_given()
    {
        string? RoleForUser(string module) => RoleAssignmentsPassedTo(module)
            .Where(assignment => ArmTemplate.Text(assignment["principalId"]) == "[parameters('principalId')]")
            .Select(RoleOf)
            .SingleOrDefault();

        Assert.Equal(StorageBlobDataContributor, RoleForUser("storage"));
        Assert.Equal(CognitiveServicesOpenAIUser, RoleForUser("openai"));
        Assert.Null(RoleForUser("monitoring"));
        Assert.Equal("", ArmTemplate.Text(Main.ParameterDefault("principalId")));
        foreach (var module in new[] { "storage", "openai", "monitoring" })
        {
            var assignment = Main.ModuleTemplate(module).SingleResourceOfType("Microsoft.Authorization/roleAssignments");
            Assert.Contains("not(empty(", ArmTemplate.Text(assignment["condition"]));
        }
    }

    [Fact]
    public void Storage_account_refuses_shared_keys_and_holds_the_uploads_container_and_scoring_queues()
    {
        var storage = Main.ModuleTemplate("storage");
        var account = storage.SingleResourceOfType("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False(account["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.True(account["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", ArmTemplate.Text(account["minimumTlsVersion"]));

        Assert.Equal(
            new[] { "[parameters('uploadsContainerName')]", "[parameters('deadLetterContainerName')]", "[variables('deploymentContainerName')]" },
            Strings(Main.ModuleParameter("storage", "blobContainerNames")));
        Assert.Equal(
            new[]
            {
                "[parameters('scoringQueueName')]", "[format('{0}-poison', parameters('scoringQueueName'))]",
                "[parameters('operationsQueueName')]", "[format('{0}-poison', parameters('operationsQueueName'))]",
                "[parameters('ingestQueueName')]", "[format('{0}-poison', parameters('ingestQueueName'))]",
                "[parameters('webhookQueueName')]", "[format('{0}-poison', parameters('webhookQueueName'))]",
            },
            Strings(Main.ModuleParameter("storage", "queueNames")));
        Assert.Equal("lead-uploads", ArmTemplate.Text(Main.ParameterDefault("uploadsContainerName")));
        Assert.Equal("lead-scoring", ArmTemplate.Text(Main.ParameterDefault("scoringQueueName")));
        Assert.Equal("lead-operations", ArmTemplate.Text(Main.ParameterDefault("operationsQueueName")));
        Assert.Equal(LeadFunctions.Configuration.LeadScoringOptions.DefaultIngestQueue, ArmTemplate.Text(Main.ParameterDefault("ingestQueueName")));
        Assert.Equal(LeadFunctions.Configuration.LeadScoringOptions.DefaultWebhookQueue, ArmTemplate.Text(Main.ParameterDefault("webhookQueueName")));

        Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.NotEqual(ArmTemplate.Text(Main.ParameterDefault("uploadsContainerName")), ArmTemplate.Text(Main.ParameterDefault("deadLetterContainerName")));
        Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts/queueServices/queues"));
        Assert.Single(storage.ResourcesOfType("Microsoft.Storage/storageAccounts/tableServices"));
    }

    [Fact]
    public void Function_app_runs_dotnet_10_isolated_on_a_flex_consumption_plan_as_the_user_assigned_identity()
    {
        var plan = Main.ModuleTemplate("appserviceplan").SingleResourceOfType("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", ArmTemplate.Text(plan["sku"]!["name"]));
        Assert.Equal("FlexConsumption", ArmTemplate.Text(plan["sku"]!["tier"]));
        Assert.True(plan["properties"]!["reserved"]!.GetValue<bool>(), "Flex Consumption runs on Linux only (reserved: true).");

        var site = Main.ModuleTemplate("api").SingleResourceOfType("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", ArmTemplate.Text(site["kind"]));
        Assert.Equal("UserAssigned", ArmTemplate.Text(site["identity"]!["type"]));
        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", ArmTemplate.Text(site["properties"]!["siteConfig"]!["minTlsVersion"]));

        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("[parameters('runtimeName')]", ArmTemplate.Text(runtime["name"]));
        Assert.Equal("[parameters('runtimeVersion')]", ArmTemplate.Text(runtime["version"]));
        Assert.Equal("dotnet-isolated", ArmTemplate.Text(Main.ModuleParameter("api", "runtimeName")));
        Assert.Equal("10.0", ArmTemplate.Text(Main.ModuleParameter("api", "runtimeVersion")));

        Assert.True(ArmTemplate.IsModuleOutput(ArmTemplate.Text(Main.ModuleParameter("api", "userAssignedIdentityResourceId")), "identity", "resourceId"));
        Assert.True(ArmTemplate.IsModuleOutput(ArmTemplate.Text(Main.ModuleParameter("api", "serverFarmResourceId")), "appserviceplan", "resourceId"));
        Assert.Contains("createObject('azd-service-name', 'api')", ArmTemplate.Text(Main.ModuleParameter("api", "tags")));
    }

    [Fact]
    public void Flex_app_scales_within_parameterised_limits_and_keeps_no_instance_warm_by_default()
    {
        var scale = Main.ModuleTemplate("api").SingleResourceOfType("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;

        Assert.Equal("[parameters('maximumInstanceCount')]", ArmTemplate.Text(scale["maximumInstanceCount"]));
        Assert.Equal("[parameters('instanceMemoryMB')]", ArmTemplate.Text(scale["instanceMemoryMB"]));
        Assert.Equal("[parameters('alwaysReady')]", ArmTemplate.Text(scale["alwaysReady"]));
        Assert.Equal("[parameters('maximumInstanceCount')]", ArmTemplate.Text(Main.ModuleParameter("api", "maximumInstanceCount")));
        Assert.Equal("[parameters('instanceMemoryMB')]", ArmTemplate.Text(Main.ModuleParameter("api", "instanceMemoryMB")));
        Assert.Equal(40, Main.ParameterDefault("maximumInstanceCount")!.GetValue<int>());
        Assert.Equal(2048, Main.ParameterDefault("instanceMemoryMB")!.GetValue<int>());
        Assert.Equal(
            [512, 2048, 4096],
            Main.Root["parameters"]!["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(size => size!.GetValue<int>()));

        // Always ready: none unless httpAlwaysReadyInstanceCount is raised, and then only for the HTTP group.
        Assert.Equal(0, Main.ParameterDefault("httpAlwaysReadyInstanceCount")!.GetValue<int>());
        var alwaysReady = ArmTemplate.Text(Main.Module("api")["properties"]!["parameters"]!["alwaysReady"]);
        Assert.Equal(
            "[if(greater(parameters('httpAlwaysReadyInstanceCount'), 0), createObject('value', createArray(createObject('name', 'http', 'instanceCount', parameters('httpAlwaysReadyInstanceCount')))), createObject('value', createArray()))]",
            alwaysReady);
    }

    [Fact]
    public void Flex_app_runs_its_package_from_a_container_of_the_keyless_account_read_with_its_identity()
    {
        var storage = Main.ModuleTemplate("api").SingleResourceOfType("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", ArmTemplate.Text(storage["type"]));
        Assert.Equal("[parameters('deploymentContainerUrl')]", ArmTemplate.Text(storage["value"]));
        Assert.Equal("UserAssignedIdentity", ArmTemplate.Text(storage["authentication"]!["type"]));
        Assert.Equal("[parameters('userAssignedIdentityResourceId')]", ArmTemplate.Text(storage["authentication"]!["userAssignedIdentityResourceId"]));
        Assert.Null(storage["authentication"]!["storageAccountConnectionStringName"]);

        var url = ArmTemplate.Text(Main.ModuleParameter("api", "deploymentContainerUrl"));
        Assert.True(ArmTemplate.IsModuleOutput(url, "storage", "primaryBlobEndpoint"), url);
        Assert.EndsWith(", variables('deploymentContainerName'))]", url);
        Assert.Contains("[variables('deploymentContainerName')]", Strings(Main.ModuleParameter("storage", "blobContainerNames")));
    }

    [Fact]
    public void No_dedicated_plan_and_no_setting_flex_consumption_deprecates_anywhere_in_the_template()
    {
        var templates = Main.SelfAndNestedTemplates().ToList();
        var plans = templates.SelectMany(template => template.ResourcesOfType("Microsoft.Web/serverfarms")).ToList();
        var sites = templates.SelectMany(template => template.ResourcesOfType("Microsoft.Web/sites")).ToList();

        var plan = Assert.Single(plans);
        Assert.Equal("FlexConsumption", ArmTemplate.Text(plan["sku"]!["tier"]));
        var siteConfig = Assert.Single(sites)["properties"]!["siteConfig"]!.AsObject();
        foreach (var property in new[] { "alwaysOn", "linuxFxVersion", "ftpsState", "use32BitWorkerProcess", "functionAppScaleLimit", "preWarmedInstanceCount" })
        {
            Assert.False(siteConfig.ContainsKey(property), $"siteConfig.{property} is deprecated on Flex Consumption.");
        }

        Assert.DoesNotContain("alwaysOn", compiled.Build.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("appServicePlanSku", compiled.Build.StandardOutput, StringComparison.Ordinal);
        foreach (var setting in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "SCM_DO_BUILD_DURING_DEPLOYMENT" })
        {
            Assert.False(AppSettings().ContainsKey(setting), $"Flex Consumption does not take the app setting {setting}.");
        }
    }

    [Fact]
    public void Storage_account_publishes_blob_events_through_a_system_topic_that_may_write_only_dead_letters()
    {
        var blobEvents = Main.ModuleTemplate("blobevents");
        var topic = blobEvents.SingleResourceOfType("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", ArmTemplate.Text(topic["properties"]!["topicType"]));
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", ArmTemplate.Text(topic["properties"]!["source"]));
        Assert.True(ArmTemplate.IsModuleOutput(ArmTemplate.Text(Main.ModuleParameter("blobevents", "storageAccountName")), "storage", "name"));
        Assert.Equal("SystemAssigned", ArmTemplate.Text(topic["identity"]!["type"]));

        // The topic's identity writes dead letters (the account takes no keys): Storage Blob Data Contributor on the
        // dead-letter container and nothing else.
        var assignment = blobEvents.SingleResourceOfType("Microsoft.Authorization/roleAssignments");
        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('deadLetterContainerName'))]",
            ArmTemplate.Text(assignment["scope"]));
        Assert.Equal(
            "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('storageBlobDataContributor'))]",
            ArmTemplate.Text(assignment["properties"]!["roleDefinitionId"]));
        Assert.Equal(StorageBlobDataContributor, ArmTemplate.Text(blobEvents.Root["variables"]!["storageBlobDataContributor"]));
        Assert.Contains("resourceId('Microsoft.EventGrid/systemTopics', parameters('name'))", ArmTemplate.Text(assignment["properties"]!["principalId"]));
        Assert.EndsWith(".identity.principalId]", ArmTemplate.Text(assignment["properties"]!["principalId"]));
        Assert.Equal("ServicePrincipal", ArmTemplate.Text(assignment["properties"]!["principalType"]));

        Assert.Equal("[parameters('deadLetterContainerName')]", ArmTemplate.Text(Main.ModuleParameter("blobevents", "deadLetterContainerName")));
        Assert.Contains("[parameters('deadLetterContainerName')]", Strings(Main.ModuleParameter("storage", "blobContainerNames")));

        var outputs = Main.Root["outputs"]!.AsObject();
        Assert.True(ArmTemplate.IsModuleOutput(ArmTemplate.Text(outputs["AZURE_EVENTGRID_SYSTEM_TOPIC_ID"]!["value"]), "blobevents", "resourceId"));
        Assert.True(ArmTemplate.IsModuleOutput(ArmTemplate.Text(outputs["AZURE_STORAGE_ACCOUNT_ID"]!["value"]), "storage", "resourceId"));
        Assert.Equal("[parameters('deadLetterContainerName')]", ArmTemplate.Text(outputs["AZURE_DEAD_LETTER_CONTAINER"]!["value"]));
    }

    [Fact]
    public void Function_app_settings_are_the_identity_based_ones_the_app_reads()
    {
        var settings = AppSettings();
        string? Setting(string name) => ArmTemplate.Text(settings[name]);

        Assert.True(ArmTemplate.IsModuleOutput(Setting("AzureWebJobsStorage__accountName"), "storage", "name"));
        Assert.Equal("managedidentity", Setting("AzureWebJobsStorage__credential"));
        Assert.True(ArmTemplate.IsModuleOutput(Setting("AzureWebJobsStorage__clientId"), "identity", "clientId"));
        Assert.True(ArmTemplate.IsModuleOutput(Setting("AZURE_CLIENT_ID"), "identity", "clientId"));
        Assert.True(ArmTemplate.IsModuleOutput(Setting("APPLICATIONINSIGHTS_CONNECTION_STRING"), "monitoring", "applicationInsightsConnectionString"));
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD', ", Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.True(ArmTemplate.IsModuleOutput(Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"), "identity", "clientId"));
        Assert.Equal("[parameters('uploadsContainerName')]", Setting("LeadScoring__UploadsContainer"));
        Assert.Equal("[parameters('scoringQueueName')]", Setting("LeadScoring__ScoringQueue"));
        Assert.Equal("[parameters('operationsQueueName')]", Setting("LeadScoring__OperationsQueue"));
        Assert.Equal("[parameters('ingestQueueName')]", Setting("LeadScoring__IngestQueue"));
        Assert.Equal("[parameters('webhookQueueName')]", Setting("LeadScoring__WebhookQueue"));
        Assert.False(settings.ContainsKey("LeadScoring__WebhookSecret"), "The signing secret goes through the module's secure parameter, not the plain settings.");
        Assert.Equal("[string(parameters('maxUploadBytes'))]", Setting("LeadScoring__MaxUploadBytes"));
        Assert.Equal(104857600, Main.ParameterDefault("maxUploadBytes")!.GetValue<long>());
        Assert.Equal("AzureOpenAI", Setting("Ai__Provider"));
        Assert.True(ArmTemplate.IsModuleOutput(Setting("Ai__Endpoint"), "openai", "endpoint"));
        Assert.Equal("[parameters('openAiDeploymentName')]", Setting("Ai__Model"));
        Assert.Equal("", Setting("Ai__ApiKey"));
        Assert.Equal("[string(parameters('aiMaxRequestsPerMinute'))]", Setting("Ai__MaxRequestsPerMinute"));
        Assert.Equal("[string(parameters('aiMaxConcurrency'))]", Setting("Ai__MaxConcurrency"));
        Assert.Equal("[string(parameters('aiTimeoutSeconds'))]", Setting("Ai__TimeoutSeconds"));
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "A storage connection string would override the identity-based connection.");

        var config = Main.ModuleTemplate("api").SingleResourceOfType("Microsoft.Web/sites/config");
        Assert.Equal("[union(parameters('appSettingsKeyValuePairs'), parameters('secretAppSettings'))]", ArmTemplate.Text(config["properties"]));
    }

    [Fact]
    public void No_app_setting_and_nothing_in_the_template_reads_or_holds_a_key()
    {
        Assert.All(AppSettings(), setting =>
        {
            var value = ArmTemplate.Text(setting.Value) ?? "";
            Assert.DoesNotContain("AccountKey=", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys(", value, StringComparison.OrdinalIgnoreCase);
        });
        Assert.DoesNotContain("listKeys(", compiled.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", compiled.Build.StandardOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Application_insights_takes_only_entra_authenticated_telemetry_into_log_analytics()
    {
        var monitoring = Main.ModuleTemplate("monitoring");
        var component = monitoring.SingleResourceOfType("Microsoft.Insights/components")["properties"]!;

        Assert.Single(monitoring.ResourcesOfType("Microsoft.OperationalInsights/workspaces"));
        Assert.Contains("Microsoft.OperationalInsights/workspaces", ArmTemplate.Text(component["WorkspaceResourceId"]));
        Assert.Equal("[parameters('disableLocalAuth')]", ArmTemplate.Text(component["DisableLocalAuth"]));
        Assert.True(Main.ModuleParameter("monitoring", "disableLocalAuth")!.GetValue<bool>());
    }

    [Fact]
    public void Openai_account_accepts_no_keys_and_deploys_the_parameterised_model()
    {
        var openAi = Main.ModuleTemplate("openai");
        var account = openAi.SingleResourceOfType("Microsoft.CognitiveServices/accounts");

        Assert.Equal("OpenAI", ArmTemplate.Text(account["kind"]));
        Assert.Equal("[parameters('disableLocalAuth')]", ArmTemplate.Text(account["properties"]!["disableLocalAuth"]));
        Assert.True(Main.ModuleParameter("openai", "disableLocalAuth")!.GetValue<bool>());
        Assert.Single(openAi.ResourcesOfType("Microsoft.CognitiveServices/accounts/deployments"));

        var deployment = Assert.Single(Main.ModuleParameter("openai", "deployments")!.AsArray())!;
        Assert.Equal("[parameters('openAiDeploymentName')]", ArmTemplate.Text(deployment["name"]));
        Assert.Equal("[parameters('openAiModelName')]", ArmTemplate.Text(deployment["model"]!["name"]));
        Assert.Equal("[parameters('openAiModelVersion')]", ArmTemplate.Text(deployment["model"]!["version"]));
        Assert.Equal("[parameters('openAiDeploymentSkuName')]", ArmTemplate.Text(deployment["sku"]!["name"]));
        Assert.Equal("[parameters('openAiDeploymentCapacity')]", ArmTemplate.Text(deployment["sku"]!["capacity"]));
    }

    [Fact]
    public void Deployment_creates_its_resource_group_and_reports_the_app_url_and_names()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", ArmTemplate.Text(Main.Root["$schema"]));
        Assert.Single(Main.ResourcesOfType("Microsoft.Resources/resourceGroups"));

        var outputs = Main.Root["outputs"]!.AsObject();
        var url = ArmTemplate.Text(outputs["SERVICE_API_URI"]!["value"]);
        Assert.StartsWith("[format('https://{0}', ", url);
        Assert.True(ArmTemplate.IsModuleOutput(url, "api", "defaultHostname"), url);
        foreach (var name in new[] { "SERVICE_API_NAME", "AZURE_FUNCTION_APP_NAME", "AZURE_RESOURCE_GROUP", "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_OPENAI_ENDPOINT", "APPLICATIONINSIGHTS_NAME" })
        {
            Assert.True(outputs.ContainsKey(name), $"Output {name} is missing.");
        }
    }

    private IReadOnlyList<JsonObject> RoleAssignmentsPassedTo(string module) =>
        (Main.ModuleParameter(module, "roleAssignments") as JsonArray ?? throw new InvalidOperationException($"Module '{module}' gets no role assignment array."))
        .OfType<JsonObject>()
        .ToList();

    private static string RoleOf(JsonObject assignment) => ArmTemplate.Text(assignment["roleDefinitionIdOrName"]) ?? "";

    private void AssertRoleAssignmentsAreScopedTo(string module, string scopeType)
    {
        var template = Main.ModuleTemplate(module);
        var assignment = template.SingleResourceOfType("Microsoft.Authorization/roleAssignments");

        Assert.StartsWith($"[resourceId('{scopeType}', ", ArmTemplate.Text(assignment["scope"]));
        Assert.Equal(
            "[__bicep.roleDefinitionResourceId(parameters('roleAssignments')[copyIndex()].roleDefinitionIdOrName)]",
            ArmTemplate.Text(assignment["properties"]!["roleDefinitionId"]));
        var resolve = template.Root["functions"]?[0]?["members"]?["roleDefinitionResourceId"]?["output"]?["value"];
        Assert.Contains(
            "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', parameters('roleDefinitionIdOrName'))",
            ArmTemplate.Text(resolve));
    }

    [Fact]
    public void The_callback_signing_secret_is_a_secure_parameter_that_reaches_the_app_only_through_a_secure_module_parameter()
    {
        Assert.Equal("securestring", ArmTemplate.Text(Main.Root["parameters"]!["webhookSecret"]!["type"]));
        Assert.Equal("", ArmTemplate.Text(Main.ParameterDefault("webhookSecret")));
        Assert.Equal("[parameters('webhookSecret')]", ArmTemplate.Text(Main.ModuleParameter("api", "secretAppSettings")!["LeadScoring__WebhookSecret"]));

        var api = Main.ModuleTemplate("api");
        Assert.Equal("secureObject", ArmTemplate.Text(api.Root["parameters"]!["secretAppSettings"]!["type"]));
    }

    private JsonObject AppSettings() =>
        Main.ModuleParameter("api", "appSettingsKeyValuePairs") as JsonObject
        ?? throw new InvalidOperationException("The function app gets no app settings object.");

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(item => ArmTemplate.Text(item) ?? "(not a string)").ToArray();
}
