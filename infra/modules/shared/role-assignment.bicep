metadata name = 'Role assignment types'
metadata description = 'The roleAssignments parameter shape of Azure Verified Modules, shared by the resource modules here.'

@export()
@description('A role granted on the resource a module deploys.')
type roleAssignmentType = {
  @description('Required. The built-in role definition GUID, or a full role definition resource ID.')
  roleDefinitionIdOrName: string

  @description('Required. The object ID of the principal to grant the role to. An empty ID skips the entry (an optional principal that was not given).')
  principalId: string

  @description('Optional. The principal type. Set it for managed identities so the assignment does not wait for directory replication.')
  principalType: ('ServicePrincipal' | 'Group' | 'User' | 'ForeignGroup' | 'Device')?

  @description('Optional. Why the role is granted.')
  description: string?
}

@export()
@description('The role definition resource ID for a built-in role GUID; a full resource ID is returned as it is.')
func roleDefinitionResourceId(roleDefinitionIdOrName string) string =>
  startsWith(roleDefinitionIdOrName, '/')
    ? roleDefinitionIdOrName
    : subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionIdOrName)
