metadata name = 'Function app'
metadata description = 'A Linux function app on a Dedicated plan, running as a user-assigned identity, with its app settings.'

@description('Required. Name of the function app.')
param name string

@description('Optional. Location for the function app.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Required. Resource ID of the App Service plan that hosts the app.')
param serverFarmResourceId string

@description('Required. Resource ID of the user-assigned identity the app runs as.')
param userAssignedIdentityResourceId string

@description('Optional. Linux runtime stack.')
param linuxFxVersion string = 'DOTNET-ISOLATED|10.0'

@description('Optional. Keep the host loaded. Required on a Dedicated plan for queue and blob triggers, which poll.')
param alwaysOn bool = true

@description('Required. App settings as key/value pairs. Values must not hold secrets: use identity-based connections.')
param appSettingsKeyValuePairs object

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
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      alwaysOn: alwaysOn
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      use32BitWorkerProcess: false
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettingsKeyValuePairs
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
