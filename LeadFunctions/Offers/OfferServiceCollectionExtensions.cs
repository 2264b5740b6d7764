using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Offers;

public static class OfferServiceCollectionExtensions
{
    /// <summary>Offers: their table and the deletion of an offer with all it holds.</summary>
    public static IServiceCollection AddOffers(this IServiceCollection services)
    {
        services.AddSingleton<OfferRepository>();
        services.AddSingleton<OfferDeleter>();
        return services;
    }
}
