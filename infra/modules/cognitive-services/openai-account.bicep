metadata name = 'Azure OpenAI account'
metadata description = 'An Azure OpenAI account that accepts Microsoft Entra ID only (no API keys), with its model deployments.'

import { roleAssignmentType, roleDefinitionResourceId } from '../shared/role-assignment.bicep'

@description('Required. Name of the account; also its custom subdomain, so it must be globally unique.')
param name string

@description('Optional. Location for the account. Model availability differs by region.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Optional. Turn off key (local) authentication, so callers need a Microsoft Entra token and a data-plane role.')
param disableLocalAuth bool = true

@description('Optional. Model deployments to create on the account.')
param deployments deploymentType[] = []

@description('Optional. Role assignments on the account.')
param roleAssignments roleAssignmentType[] = []

@description('A model deployment: the name callers use, the model and its capacity.')
type deploymentType = {
  @description('Required. Deployment name; the app sends it as the model (Ai__Model).')
  name: string

  @description('Required. The model to deploy.')
  model: {
    @description('Required. Model format, for example OpenAI.')
    format: string

    @description('Required. Model name, for example gpt-4.1-mini.')
    name: string

    @description('Required. Model version, for example 2025-04-14.')
    version: string
  }

  @description('Required. Deployment SKU and capacity (capacity is in units of 1,000 tokens per minute).')
  sku: {
    @description('Required. Deployment type, for example GlobalStandard or Standard.')
    name: string

    @description('Required. Capacity, in thousands of tokens per minute.')
    capacity: int
  }
}

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: disableLocalAuth
    publicNetworkAccess: 'Enabled'
  }
}

// One at a time: the service rejects concurrent deployment changes on the same account.
@batchSize(1)
resource account_deployments 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01' = [
  for deployment in deployments: {
    parent: account
    name: deployment.name
    sku: deployment.sku
    properties: {
      model: deployment.model
      versionUpgradeOption: 'OnceNewDefaultVersionAvailable'
    }
  }
]

resource account_roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleAssignment in roleAssignments: if (!empty(roleAssignment.principalId)) {
    name: guid(account.id, roleAssignment.principalId, roleDefinitionResourceId(roleAssignment.roleDefinitionIdOrName))
    scope: account
    properties: {
      roleDefinitionId: roleDefinitionResourceId(roleAssignment.roleDefinitionIdOrName)
      principalId: roleAssignment.principalId
      principalType: roleAssignment.?principalType
      description: roleAssignment.?description
    }
  }
]

@description('The name of the account.')
output name string = account.name

@description('The resource ID of the account.')
output resourceId string = account.id

@description('The endpoint the app calls (Ai__Endpoint).')
output endpoint string = account.properties.endpoint

@description('The resource group the account was deployed into.')
output resourceGroupName string = resourceGroup().name
