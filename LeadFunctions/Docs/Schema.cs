using System.Text.Json.Nodes;

namespace LeadFunctions.Docs;

/// <summary>Small constructors for OpenAPI 3.0 schema objects, so the schema files read like the JSON they describe.</summary>
internal static class Schema
{
    public static JsonObject Ref(string schema) => new() { ["$ref"] = "#/components/schemas/" + schema };

    /// <summary>
    /// A nullable reference to an object schema: 3.0 ignores siblings of $ref, so it is wrapped in allOf; nullable
    /// needs a type beside it (OpenAPI 3.0.3, and Redocly's nullable-type-sibling rule).
    /// </summary>
    public static JsonObject NullableRef(string schema) =>
        new() { ["type"] = "object", ["allOf"] = new JsonArray(Ref(schema)), ["nullable"] = true };

    public static JsonObject ArrayOf(JsonObject items, int? maxItems = null)
    {
        var array = new JsonObject { ["type"] = "array", ["items"] = items };
        if (maxItems is not null)
        {
            array["maxItems"] = maxItems;
        }

        return array;
    }

    public static JsonArray Enum(params string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    public static JsonObject String(int? maxLength = null, string? format = null, string? description = null, bool nullable = false)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (maxLength is not null)
        {
            schema["maxLength"] = maxLength;
        }

        if (format is not null)
        {
            schema["format"] = format;
        }

        return Describe(schema, description, nullable);
    }

    /// <summary>A string that must hold at least one non-space character.</summary>
    public static JsonObject NonBlank(int maxLength, string? description = null)
    {
        var schema = String(maxLength, description: description);
        schema["minLength"] = 1;
        schema["pattern"] = @"\S";
        return schema;
    }

    public static JsonObject OneOf(string[] values, string? description = null, bool nullable = false) =>
        Describe(new JsonObject { ["type"] = "string", ["enum"] = Enum(values) }, description, nullable);

    public static JsonObject Integer(int? minimum = null, int? maximum = null, string? description = null, bool nullable = false, string? format = null)
    {
        var schema = new JsonObject { ["type"] = "integer" };
        if (format is not null)
        {
            schema["format"] = format;
        }

        if (minimum is not null)
        {
            schema["minimum"] = minimum;
        }

        if (maximum is not null)
        {
            schema["maximum"] = maximum;
        }

        return Describe(schema, description, nullable);
    }

    public static JsonObject Boolean(string? description = null) => Describe(new JsonObject { ["type"] = "boolean" }, description, nullable: false);

    public static JsonObject Object(JsonObject properties, params string[] required)
    {
        var schema = new JsonObject { ["type"] = "object" };
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)JsonValue.Create(r))]);
        }

        schema["properties"] = properties;
        return schema;
    }

    public static JsonObject Described(this JsonObject schema, string description)
    {
        schema["description"] = description;
        return schema;
    }

    private static JsonObject Describe(JsonObject schema, string? description, bool nullable)
    {
        if (nullable)
        {
            schema["nullable"] = true;
        }

        return description is null ? schema : schema.Described(description);
    }
}
