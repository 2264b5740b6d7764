metadata name = 'Monitoring'
metadata description = 'A Log Analytics workspace and a workspace-based Application Insights component (the azd monitoring pattern).'

import { roleAssignmentType, roleDefinitionResourceId } from '../shared/role-assignment.bicep'

@description('Required. Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Optional. Location for both resources.')
param location string = resourceGroup().location

@description('Optional. Tags of the resources.')
param tags object = {}

@description('Optional. Days the workspace keeps data (30 is included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Optional. Accept only telemetry sent with a Microsoft Entra token (the sender needs Monitoring Metrics Publisher).')
param disableLocalAuth bool = true

@description('Optional. Role assignments on the Application Insights component.')
param roleAssignments roleAssignmentType[] = []

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: disableLocalAuth
  }
}

resource applicationInsights_roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleAssignment in roleAssignments: if (!empty(roleAssignment.principalId)) {
    name: guid(applicationInsights.id, roleAssignment.principalId, roleDefinitionResourceId(roleAssignment.roleDefinitionIdOrName))
    scope: applicationInsights
    properties: {
      roleDefinitionId: roleDefinitionResourceId(roleAssignment.roleDefinitionIdOrName)
      principalId: roleAssignment.principalId
      principalType: roleAssignment.?principalType
      description: roleAssignment.?description
    }
  }
]

@description('The name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('The resource ID of the Application Insights component.')
output applicationInsightsResourceId string = applicationInsights.id

@description('Where telemetry goes. It names the component; with local auth disabled it grants nothing on its own.')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString

@description('The name of the Log Analytics workspace.')
output logAnalyticsWorkspaceName string = logAnalytics.name

@description('The resource ID of the Log Analytics workspace.')
output logAnalyticsWorkspaceResourceId string = logAnalytics.id
