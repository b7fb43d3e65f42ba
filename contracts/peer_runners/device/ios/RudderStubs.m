#import "Rudder.h"

@implementation RSConfig
@end
@implementation RSClient
@end
@implementation RSContext
@end
@implementation RSMessage
@end
@implementation RSLogger
+ (void)logDebug:(NSString *)message {}
+ (void)logWarn:(NSString *)message {}
+ (void)logError:(NSString *)message {}
@end
