metadata name = 'Function app'
metadata description = 'A Linux function app on a Flex Consumption plan, running as a user-assigned identity, with its app settings.'

@description('Required. Name of the function app.')
param name string

@description('Optional. Location for the function app.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Required. Resource ID of the Flex Consumption plan that hosts the app.')
param serverFarmResourceId string

@description('Required. Resource ID of the user-assigned identity the app runs as; it also reads the deployment package.')
param userAssignedIdentityResourceId string

@description('Required. URL of the blob container that holds the deployment package, e.g. https://<account>.blob.core.windows.net/app-package.')
param deploymentContainerUrl string

@description('Optional. Language worker.')
param runtimeName string = 'dotnet-isolated'

@description('Optional. Version of the language worker.')
param runtimeVersion string = '10.0'

@description('Optional. Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Instances kept running per scale group, e.g. [{ name: \'http\', instanceCount: 1 }]. Empty: every group scales to zero.')
param alwaysReady alwaysReadyType[] = []

@description('Required. App settings as key/value pairs. Values must not hold secrets: use identity-based connections.')
param appSettingsKeyValuePairs object

@description('Optional. App settings that hold secrets (a secure object: kept out of deployment history and logs).')
@secure()
param secretAppSettings object = {}

@description('An always-ready entry: a scale group (http, blob, durable) or function:<Name>, and the instances kept warm for it.')
type alwaysReadyType = {
  name: string
  @minValue(0)
  instanceCount: int
}

// Flex Consumption takes the runtime, scale and deployment from functionAppConfig and deprecates the site properties
// other plans use for them (linuxFxVersion, alwaysOn, ftpsState, use32BitWorkerProcess) and the app settings
// FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE.
resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${userAssignedIdentityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: serverFarmResourceId
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: userAssignedIdentityResourceId
          }
        }
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
      // Per-function scaling: the queue-triggered function scales on its own, and an instance takes host.json's
      // extensions.queues.batchSize (32) messages as its target concurrency; the Event Grid blob trigger and the HTTP
      // functions form the blob and http groups. HTTP concurrency per instance keeps the platform default for the
      // instance size.
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettingsKeyValuePairs, secretAppSettings)
}

// Publishing-profile (basic auth) credentials off for FTP and the SCM site; azd deploys with a Microsoft Entra token.
resource ftpBasicPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('The name of the function app.')
output name string = site.name

@description('The resource ID of the function app.')
output resourceId string = site.id

@description('The default host name of the function app.')
output defaultHostname string = site.properties.defaultHostName

@description('The resource group the function app was deployed into.')
output resourceGroupName string = resourceGroup().name
