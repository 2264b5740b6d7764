metadata name = 'Flex Consumption plan'
metadata description = 'A Linux Flex Consumption (FC1) plan: serverless, billed per execution, scaled per function by the platform.'

@description('Required. Name of the plan.')
param name string

@description('Optional. Location for the plan. Flex Consumption is offered in a subset of regions (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object = {}

// A Flex plan has no instance count or size: both belong to the app's functionAppConfig.scaleAndConcurrency.
resource serverfarm 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Linux, the only OS Flex Consumption runs.
    reserved: true
  }
}

@description('The name of the plan.')
output name string = serverfarm.name

@description('The resource ID of the plan.')
output resourceId string = serverfarm.id

@description('The resource group the plan was deployed into.')
output resourceGroupName string = resourceGroup().name
