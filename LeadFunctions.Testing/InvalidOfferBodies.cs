using System.Text.Json;
namespace LeadFunctions.Testing;

/// <summary>Offer bodies that must be refused, each with the field its error must be reported against.</summary>
public static class InvalidOfferBodies
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>
            {
                // name: required, a non-blank string, bounded.
                { "{}", "name" },
                { """{"name":null}""", "name" },
                { """{"name":""}""", "name" },
                { """{"name":"   "}""", "name" },
                { """{"name":123}""", "name" },
                { """{"name":["AI Outreach"]}""", "name" },
                { Offer(name: new string('n', OfferLimits.MaxNameLength + 1)), "name" },

                // value_props / ideal_use_cases: arrays of non-blank strings, bounded.
                { """{"name":"x","value_props":"fast"}""", "value_props" },
                { """{"name":"x","value_props":{"a":"b"}}""", "value_props" },
                { """{"name":"x","value_props":[1]}""", "value_props[0]" },
                { """{"name":"x","value_props":["ok",null]}""", "value_props[1]" },
                { """{"name":"x","value_props":["ok","  "]}""", "value_props[1]" },
                { """{"name":"x","value_props":[["nested"]]}""", "value_props[0]" },
                { """{"name":"x","ideal_use_cases":[true]}""", "ideal_use_cases[0]" },
                { """{"name":"x","ideal_use_cases":[""]}""", "ideal_use_cases[0]" },
                { """{"name":"x","ideal_use_cases":"B2B SaaS"}""", "ideal_use_cases" },
                { Offer(valueProps: Repeat("prop", OfferLimits.MaxListItems + 1)), "value_props" },
                { Offer(useCases: Repeat("case", OfferLimits.MaxListItems + 1)), "ideal_use_cases" },
                { Offer(valueProps: [new string('v', OfferLimits.MaxValuePropLength + 1)]), "value_props[0]" },
                { Offer(useCases: [new string('u', OfferLimits.MaxUseCaseLength + 1)]), "ideal_use_cases[0]" },

                // Unknown fields, at the top and in rules (names are case-sensitive).
                { """{"name":"x","colour":"red"}""", "colour" },
                { """{"name":"x","Name":"y"}""", "Name" },
                { """{"name":"x","rules":{"min_score":5}}""", "rules.min_score" },

                // rules: an object of bounded lists and thresholds 1–100, medium below high.
                { """{"name":"x","rules":"strict"}""", "rules" },
                { """{"name":"x","rules":{"high_threshold":"70"}}""", "rules.high_threshold" },
                { """{"name":"x","rules":{"high_threshold":0}}""", "rules.high_threshold" },
                { """{"name":"x","rules":{"high_threshold":101}}""", "rules.high_threshold" },
                { """{"name":"x","rules":{"high_threshold":70.5}}""", "rules.high_threshold" },
                { """{"name":"x","rules":{"medium_threshold":-1}}""", "rules.medium_threshold" },
                { """{"name":"x","rules":{"high_threshold":50,"medium_threshold":60}}""", "rules.medium_threshold" },
                { """{"name":"x","rules":{"medium_threshold":70}}""", "rules.medium_threshold" },
                { """{"name":"x","rules":{"decision_maker_titles":"CEO"}}""", "rules.decision_maker_titles" },
                { """{"name":"x","rules":{"adjacent_industries":["Fintech",""]}}""", "rules.adjacent_industries[1]" },
                { """{"name":"x","rules":{"influencer_titles":[7]}}""", "rules.influencer_titles[0]" },
                { Rules("excluded_titles", Repeat("title", OfferLimits.MaxRuleItems + 1)), "rules.excluded_titles" },
                { Rules("influencer_titles", [new string('t', OfferLimits.MaxRuleItemLength + 1)]), "rules.influencer_titles[0]" },

                // Not a JSON object at all.
                { "", "body" },
                { """{"name":""", "body" },
                { """{"name":"x"} trailing""", "body" },
                { "[]", "body" },
                { "\"an offer\"", "body" },
                { "null", "body" },
                { """{"name":"x",}""", "body" },
                { """{"name":"x","rules":""" + new string('[', 40) + new string(']', 40) + "}", "body" },
            };
            return data;
        }
    }

    private static string[] Repeat(string text, int count) => Enumerable.Range(0, count).Select(i => $"{text} {i}").ToArray();

    private static string Offer(string name = "x", string[]? valueProps = null, string[]? useCases = null) =>
        JsonSerializer.Serialize(new { name, value_props = valueProps ?? [], ideal_use_cases = useCases ?? [] });

    private static string Rules(string list, string[] items) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["name"] = "x", ["rules"] = new Dictionary<string, string[]> { [list] = items } });
}
