metadata name = 'Storage system topic'
metadata description = 'The Event Grid system topic of a storage account, with an identity that may write dead-lettered events to one container.'

@description('Required. Name of the system topic.')
param name string

@description('Optional. Location of the system topic: the storage account\'s location.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Required. Name of the storage account whose blob events the topic publishes.')
param storageAccountName string

@description('Required. Container of that account that receives events Event Grid could not deliver.')
param deadLetterContainerName string

// Storage Blob Data Contributor: the account takes no shared keys, so Event Grid writes dead letters as the topic's
// identity, and only into the dead-letter container.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetterContainer 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storageAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount::blobService::deadLetterContainer.id, systemTopic.id, storageBlobDataContributor)
  scope: storageAccount::blobService::deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The name of the system topic.')
output name string = systemTopic.name

@description('The resource ID of the system topic; the post-deploy hook creates the event subscription under it.')
output resourceId string = systemTopic.id

@description('The object ID of the topic\'s system-assigned identity.')
output principalId string = systemTopic.identity.principalId
