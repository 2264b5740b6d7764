metadata name = 'App Service plan'
metadata description = 'A Linux Dedicated (App Service) plan for the function app.'

@description('Required. Name of the plan.')
param name string

@description('Optional. Location for the plan.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Optional. Plan SKU: a Dedicated tier (Basic, Standard or Premium v3). Consumption, Flex Consumption and Elastic Premium are not offered here; see the README.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param skuName string = 'B1'

@description('Optional. Number of instances.')
@minValue(1)
param skuCapacity int = 1

resource serverfarm 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: skuCapacity
  }
  properties: {
    // Linux.
    reserved: true
  }
}

@description('The name of the plan.')
output name string = serverfarm.name

@description('The resource ID of the plan.')
output resourceId string = serverfarm.id

@description('The resource group the plan was deployed into.')
output resourceGroupName string = resourceGroup().name
