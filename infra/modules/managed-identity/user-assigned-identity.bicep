metadata name = 'User-assigned managed identity'
metadata description = 'The identity the function app uses for storage, Azure OpenAI and Application Insights.'

@description('Required. Name of the user-assigned identity.')
param name string

@description('Optional. Location for the identity.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object = {}

resource userAssignedIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('The name of the identity.')
output name string = userAssignedIdentity.name

@description('The resource ID of the identity.')
output resourceId string = userAssignedIdentity.id

@description('The principal (object) ID of the identity, for role assignments.')
output principalId string = userAssignedIdentity.properties.principalId

@description('The client ID of the identity, for AZURE_CLIENT_ID and identity-based connections.')
output clientId string = userAssignedIdentity.properties.clientId

@description('The resource group the identity was deployed into.')
output resourceGroupName string = resourceGroup().name
