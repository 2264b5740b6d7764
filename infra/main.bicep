targetScope = 'subscription'

metadata name = 'LeadFunctions'
metadata description = 'Lead-scoring function app on a Flex Consumption plan, fed by Event Grid blob events, with identity-based storage, Azure OpenAI and Application Insights.'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object ID of the deploying user (azd sets AZURE_PRINCIPAL_ID). When set, that user may upload blobs and call the model; leave empty to grant nothing.')
param principalId string = ''

@description('Most instances the Flex Consumption app scales out to (1-1000). Scoring is bound by the AI budget, not by compute, so a few dozen is plenty.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each Flex Consumption instance in MB: 512 (0.25 vCPU), 2048 (1 vCPU) or 4096 (2 vCPU).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions, to spare API callers a cold start. 0 lets the app scale to zero (no compute billed at idle).')
@minValue(0)
param httpAlwaysReadyInstanceCount int = 0

@description('Location of the Azure OpenAI account, when the model is not offered in the primary location. Empty means the primary location.')
param openAiLocation string = ''

@description('Azure OpenAI deployment name; the app sends it as Ai__Model.')
param openAiDeploymentName string = 'gpt-4.1-mini'

@description('Model to deploy.')
param openAiModelName string = 'gpt-4.1-mini'

@description('Version of the model to deploy.')
param openAiModelVersion string = '2025-04-14'

@description('Deployment type, for example GlobalStandard or Standard.')
param openAiDeploymentSkuName string = 'GlobalStandard'

@description('Deployment capacity in thousands of tokens per minute.')
@minValue(1)
param openAiDeploymentCapacity int = 50

@description('Blob container that receives lead CSVs (LeadScoring__UploadsContainer).')
param uploadsContainerName string = 'lead-uploads'

@description('Blob container that receives the BlobCreated events Event Grid could not deliver to the function app.')
param deadLetterContainerName string = 'blob-events-deadletter'

@description('Queue of leads to score (LeadScoring__ScoringQueue); the queue trigger moves failed messages to <name>-poison.')
param scoringQueueName string = 'lead-scoring'

@description('Queue of whole-scope work: rescoring, offer deletion, upload expiry (LeadScoring__OperationsQueue); failed messages go to <name>-poison.')
param operationsQueueName string = 'lead-operations'

@description('Queue of ingest work: planning steps and bounded segments of uploaded CSVs (LeadScoring__IngestQueue); failed messages go to <name>-poison.')
param ingestQueueName string = 'lead-ingest'

@description('Queue of batch callbacks: watching batches until they end, then each delivery attempt (LeadScoring__WebhookQueue); failed messages go to <name>-poison.')
param webhookQueueName string = 'lead-webhooks'

@description('Key that signs batch callbacks (LeadScoring__WebhookSecret). Empty: every callback_url is refused. Set it with `azd env set WEBHOOK_SECRET <value>`; it reaches the app as a secure value only.')
@secure()
param webhookSecret string = ''

@description('Largest accepted upload, in bytes (LeadScoring__MaxUploadBytes).')
@minValue(1)
param maxUploadBytes int = 104857600

@description('AI calls per minute for one app instance (Ai__MaxRequestsPerMinute). Keep it under the deployment\'s requests-per-minute limit.')
@minValue(1)
param aiMaxRequestsPerMinute int = 50

@description('AI calls in flight at once for one app instance (Ai__MaxConcurrency).')
@minValue(1)
param aiMaxConcurrency int = 8

@description('Timeout of one AI call, in seconds (Ai__TimeoutSeconds).')
@minValue(1)
param aiTimeoutSeconds int = 30

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
// Flex Consumption runs the app from a package in this container, read with the app's identity.
var deploymentContainerName = 'app-package'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/managed-identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage/storage-account.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    blobContainerNames: [
      uploadsContainerName
      deadLetterContainerName
      deploymentContainerName
    ]
    queueNames: [
      scoringQueueName
      '${scoringQueueName}-poison'
      operationsQueueName
      '${operationsQueueName}-poison'
      ingestQueueName
      '${ingestQueueName}-poison'
      webhookQueueName
      '${webhookQueueName}-poison'
    ]
    roleAssignments: [
      {
        // Storage Blob Data Owner: the blob trigger writes receipts and takes leases, the host keeps its keys in blobs,
        // and the platform reads the deployment package with this identity.
        roleDefinitionIdOrName: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
      }
      {
        // Storage Queue Data Contributor: the scoring queue, its poison queue and the queue the blobs extension keeps
        // for Event Grid blob events (azure-webjobs-blobtrigger-<host id>).
        roleDefinitionIdOrName: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
      }
      {
        // Storage Table Data Contributor: offers, batches, leads and the score index.
        roleDefinitionIdOrName: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
      }
      {
        // Storage Blob Data Contributor for the deploying user: upload CSVs with `az storage blob upload --auth-mode login`.
        roleDefinitionIdOrName: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
        principalId: principalId
      }
    ]
  }
}

module monitoring 'modules/monitoring/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    disableLocalAuth: true
    roleAssignments: [
      {
        // Monitoring Metrics Publisher: send telemetry with a Microsoft Entra token (local auth is off).
        roleDefinitionIdOrName: '3913510d-42f4-4e42-8a64-420c390055eb'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
      }
    ]
  }
}

module openAi 'modules/cognitive-services/openai-account.bicep' = {
  name: 'openai'
  scope: resourceGroup
  params: {
    name: '${abbrs.cognitiveServicesOpenAI}${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    disableLocalAuth: true
    deployments: [
      {
        name: openAiDeploymentName
        model: {
          format: 'OpenAI'
          name: openAiModelName
          version: openAiModelVersion
        }
        sku: {
          name: openAiDeploymentSkuName
          capacity: openAiDeploymentCapacity
        }
      }
    ]
    roleAssignments: [
      {
        // Cognitive Services OpenAI User: call the deployment, nothing more.
        roleDefinitionIdOrName: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
      }
      {
        // The same for the deploying user, to run the app locally against this deployment.
        roleDefinitionIdOrName: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
        principalId: principalId
      }
    ]
  }
}

// BlobCreated events of the storage account; the event subscription that sends them to the blob trigger's webhook is
// created by scripts/post-deploy.sh, because its URL carries a key that exists only once the code is deployed.
module blobEvents 'modules/event-grid/storage-system-topic.bicep' = {
  name: 'blobevents'
  scope: resourceGroup
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    deadLetterContainerName: deadLetterContainerName
  }
}

module appServicePlan 'modules/web/serverfarm.bicep' = {
  name: 'appserviceplan'
  scope: resourceGroup
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
  }
}

// The app settings read outputs of the storage, monitoring and OpenAI modules, so the app is created after
// those modules, and so after the role assignments they hold: the host starts with its permissions in place.
module api 'modules/web/function-app.bicep' = {
  name: 'api'
  scope: resourceGroup
  params: {
    name: functionAppName
    location: location
    tags: union(tags, {
      'azd-service-name': 'api'
    })
    serverFarmResourceId: appServicePlan.outputs.resourceId
    userAssignedIdentityResourceId: identity.outputs.resourceId
    deploymentContainerUrl: '${storage.outputs.primaryBlobEndpoint}${deploymentContainerName}'
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReady: httpAlwaysReadyInstanceCount > 0
      ? [
          {
            name: 'http'
            instanceCount: httpAlwaysReadyInstanceCount
          }
        ]
      : []
    secretAppSettings: {
      LeadScoring__WebhookSecret: webhookSecret
    }
    appSettingsKeyValuePairs: {
      // Identity-based host storage: the account name and the identity, never a key.
      AzureWebJobsStorage__accountName: storage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      // DefaultAzureCredential in the app picks the user-assigned identity from this.
      AZURE_CLIENT_ID: identity.outputs.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      LeadScoring__UploadsContainer: uploadsContainerName
      LeadScoring__ScoringQueue: scoringQueueName
      LeadScoring__OperationsQueue: operationsQueueName
      LeadScoring__IngestQueue: ingestQueueName
      LeadScoring__WebhookQueue: webhookQueueName
      LeadScoring__MaxUploadBytes: string(maxUploadBytes)
      Ai__Provider: 'AzureOpenAI'
      Ai__Endpoint: openAi.outputs.endpoint
      Ai__Model: openAiDeploymentName
      // Empty on purpose: with AzureOpenAI an empty key means the managed identity.
      Ai__ApiKey: ''
      Ai__MaxRequestsPerMinute: string(aiMaxRequestsPerMinute)
      Ai__MaxConcurrency: string(aiMaxConcurrency)
      Ai__TimeoutSeconds: string(aiTimeoutSeconds)
    }
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostname}'
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_APP_SERVICE_PLAN_NAME string = appServicePlan.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_ACCOUNT_ID string = storage.outputs.resourceId
output AZURE_UPLOADS_CONTAINER string = uploadsContainerName
output AZURE_DEAD_LETTER_CONTAINER string = deadLetterContainerName
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = blobEvents.outputs.name
output AZURE_EVENTGRID_SYSTEM_TOPIC_ID string = blobEvents.outputs.resourceId
output AZURE_OPENAI_ACCOUNT_NAME string = openAi.outputs.name
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_DEPLOYMENT string = openAiDeploymentName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsWorkspaceName
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
