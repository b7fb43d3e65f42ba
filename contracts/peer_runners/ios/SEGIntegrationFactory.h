#import "SEGIntegration.h"

@class SEGAnalytics;

@protocol SEGIntegrationFactory <NSObject>
- (id<SEGIntegration>)createWithSettings:(NSDictionary *)settings forAnalytics:(SEGAnalytics *)analytics;
- (NSString *)key;
@end
