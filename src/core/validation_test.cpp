#include "core/validation.hpp"

#include <gtest/gtest.h>

namespace warden {
namespace {

TEST(ValidationTest, PrisonNumbers) {
    EXPECT_TRUE(IsPrisonNumber("A1234BC"));
    EXPECT_TRUE(IsPrisonNumber("Z0000ZZ"));
    EXPECT_FALSE(IsPrisonNumber("a1234bc"));
    EXPECT_FALSE(IsPrisonNumber("A1234B"));
    EXPECT_FALSE(IsPrisonNumber("A12345BC"));
    EXPECT_FALSE(IsPrisonNumber("11234BC"));
    EXPECT_FALSE(IsPrisonNumber("AB234BC"));
    EXPECT_FALSE(IsPrisonNumber("A1234B1"));
    EXPECT_FALSE(IsPrisonNumber(""));
    EXPECT_FALSE(IsPrisonNumber(" A1234BC"));
}

TEST(ValidationTest, EstablishmentCodes) {
    EXPECT_TRUE(IsEstablishmentCode("MDI"));
    EXPECT_FALSE(IsEstablishmentCode("mdi"));
    EXPECT_FALSE(IsEstablishmentCode("MD"));
    EXPECT_FALSE(IsEstablishmentCode("MDI1"));
    EXPECT_FALSE(IsEstablishmentCode("M1I"));
}

TEST(ValidationTest, RegionCodes) {
    EXPECT_TRUE(IsRegionCode("NE"));
    EXPECT_TRUE(IsRegionCode("YORKS_HUMBER"));
    EXPECT_TRUE(IsRegionCode("LON2"));
    EXPECT_FALSE(IsRegionCode("N"));
    EXPECT_FALSE(IsRegionCode("YORKS_HUMBER1"));
    EXPECT_FALSE(IsRegionCode("ne"));
    EXPECT_FALSE(IsRegionCode("N-E"));
}

TEST(ValidationTest, Emails) {
    EXPECT_TRUE(IsEmail("spoc@mdi.justice.gov.uk"));
    EXPECT_TRUE(IsEmail("a.b+c@x.io"));
    EXPECT_FALSE(IsEmail("nobody"));
    EXPECT_FALSE(IsEmail("@x.io"));
    EXPECT_FALSE(IsEmail("a@b"));
    EXPECT_FALSE(IsEmail("a@@b.io"));
    EXPECT_FALSE(IsEmail("a@b@c.io"));
    EXPECT_FALSE(IsEmail("a b@c.io"));
    EXPECT_FALSE(IsEmail("a@.io"));
    EXPECT_FALSE(IsEmail("a@b."));
    EXPECT_FALSE(IsEmail("a@b..io"));
    EXPECT_FALSE(IsEmail("a@b.io\n"));
}

TEST(ValidationTest, Usernames) {
    EXPECT_TRUE(IsUsername("jsmith"));
    EXPECT_TRUE(IsUsername("j.smith-2_x"));
    EXPECT_FALSE(IsUsername("js"));
    EXPECT_FALSE(IsUsername("JSmith"));
    EXPECT_FALSE(IsUsername("j smith"));
    EXPECT_FALSE(IsUsername(std::string(65, 'a')));
    EXPECT_TRUE(IsUsername(std::string(64, 'a')));
}

TEST(ValidationTest, LocationCodes) {
    EXPECT_TRUE(IsLocationCode("A"));
    EXPECT_TRUE(IsLocationCode("HCC"));
    EXPECT_TRUE(IsLocationCode("A-1"));
    EXPECT_FALSE(IsLocationCode(""));
    EXPECT_FALSE(IsLocationCode("a"));
    EXPECT_FALSE(IsLocationCode("ABCDEFGHIJK"));
    EXPECT_FALSE(IsLocationCode("A 1"));
}

}  // namespace
}  // namespace warden
