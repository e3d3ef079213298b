using Notifier.Core.Incidents;

namespace Notifier.Core.Tests.Incidents;

public sealed class DataCategoryGroupsTests
{
    [Theory]
    [InlineData(DataCategories.BloodGroup)]
    [InlineData(DataCategories.HealthComments)]
    [InlineData(DataCategories.Treatments)]
    [InlineData(DataCategories.Pathologies)]
    [InlineData(DataCategories.TreatingDoctor)]
    [InlineData(DataCategories.ExaminationDate)]
    public void Each_health_category_on_its_own_is_health_data(DataCategories category)
    {
        Assert.True(category.IncludesHealthData());
    }

    [Theory]
    [InlineData(DataCategories.None)]
    [InlineData(DataCategories.Surname)]
    [InlineData(DataCategories.FirstName)]
    [InlineData(DataCategories.Sex)]
    [InlineData(DataCategories.BirthDate)]
    [InlineData(DataCategories.PostalAddress)]
    [InlineData(DataCategories.Phone)]
    [InlineData(DataCategories.Email)]
    [InlineData(DataCategories.SocialSecurityNumber)]
    [InlineData(DataCategories.HealthInsurer)]
    [InlineData(DataCategories.Credentials)]
    public void Identity_contact_and_administrative_categories_alone_are_not_health_data(DataCategories category)
    {
        Assert.False(category.IncludesHealthData());
    }

    [Fact]
    public void Identity_and_contact_groups_together_are_not_health_data()
    {
        Assert.False((DataCategoryGroups.Identity | DataCategoryGroups.Contact | DataCategories.SocialSecurityNumber).IncludesHealthData());
    }

    [Fact]
    public void One_health_category_among_identity_data_makes_it_health_data()
    {
        // The 2021 leak: names, NIR, addresses and free-text medical comments.
        var leaked = DataCategoryGroups.Identity | DataCategoryGroups.Contact | DataCategories.SocialSecurityNumber
            | DataCategories.HealthComments;

        Assert.True(leaked.IncludesHealthData());
    }

    [Fact]
    public void Groups_do_not_overlap()
    {
        Assert.Equal(DataCategories.None, DataCategoryGroups.Identity & DataCategoryGroups.Contact);
        Assert.Equal(DataCategories.None, DataCategoryGroups.Identity & DataCategoryGroups.Health);
        Assert.Equal(DataCategories.None, DataCategoryGroups.Contact & DataCategoryGroups.Health);
    }
}
