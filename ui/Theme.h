#pragma once
// Light and dark colours for the whole app (Fusion style with a palette), chosen in
// View > Dark mode and kept in the settings.

namespace marquee {

class Theme
{
public:
    static void apply(bool dark);
    static bool isDark();
};

} // namespace marquee
